package org.jpasta.it.sandbox;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Gives each test method that declares a {@link Sandbox} parameter its own fresh sandbox.
 *
 * <p>The extension, not the test, owns the sandbox so that two things always happen: when the test fails,
 * the diagnostics (every command with its output, including pasta's stderr, and the namespaces' state) are
 * printed while the sandbox still exists; and afterwards everything is torn down, whatever happened.
 */
public final class SandboxExtension implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(SandboxExtension.class);
    private static final String KEY = "sandbox";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Sandbox sandbox = Sandbox.create();
        context.getStore(STORE).put(KEY, sandbox);
        return sandbox;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Sandbox sandbox = sandbox(context);
        Throwable failure = context.getExecutionException().orElse(null);
        if (sandbox != null && failure != null && !(failure instanceof TestAbortedException)) {
            String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
            System.err.println("#### " + test + " failed: " + failure + "\n"
                    + sandbox.diagnostics());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Sandbox sandbox = sandbox(context);
        if (sandbox != null) {
            context.getStore(STORE).remove(KEY);
            sandbox.close();
        }
    }

    private static Sandbox sandbox(ExtensionContext context) {
        return context.getStore(STORE).get(KEY, Sandbox.class);
    }
}
