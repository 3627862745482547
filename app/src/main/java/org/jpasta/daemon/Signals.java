package org.jpasta.daemon;

import sun.misc.Signal;

/** pasta's signal behaviour: SIGTERM and SIGQUIT end the process with status 0. */
public final class Signals {
    private Signals() {}

    /** Installs the handlers; {@code exit} runs on the JVM's signal thread. */
    @SuppressWarnings("removal")
    public static void install(Runnable exit) {
        for (String name : new String[] {"TERM", "QUIT"}) {
            try {
                Signal.handle(new Signal(name), s -> exit.run());
            } catch (IllegalArgumentException e) {
                // SIGQUIT is the JVM's unless started with -Xrs; the launcher passes -Xrs
            }
        }
    }

    /** The spawned command owns the terminal: keyboard interrupts are for it, not for us. */
    @SuppressWarnings("removal")
    public static void ignoreInterrupt() {
        try {
            Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException ignored) {
            // not available: nothing to do
        }
    }
}
