package org.jpasta.daemon;

import sun.misc.Signal;

/**
 * pasta's signal behaviour: SIGTERM (what Podman, RootlessKit and pasta's own shutdown test send) ends the
 * process with status 0. pasta also exits 0 on SIGQUIT; HotSpot reserves SIGQUIT for thread dumps unless
 * started with {@code -Xrs}, and {@code -Xrs} in turn forbids handling SIGTERM, so SIGTERM wins and SIGQUIT
 * is a documented difference.
 */
public final class Signals {
    private Signals() {}

    /** Installs the handlers; {@code exit} runs on the JVM's signal thread. */
    @SuppressWarnings("removal")
    public static void install(Runnable exit) {
        for (String name : new String[] {"TERM", "QUIT"}) {
            try {
                Signal.handle(new Signal(name), s -> exit.run());
            } catch (IllegalArgumentException e) {
                // SIGQUIT belongs to the JVM (see the class documentation)
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
