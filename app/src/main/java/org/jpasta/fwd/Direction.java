package org.jpasta.fwd;

/**
 * Which way a forwarding rule carries connections, i.e. which of pasta's two forwarding tables holds it.
 *
 * <p>{@link #INBOUND} rules ({@code -t}/{@code -u}) listen in the init namespace and connect into the
 * target namespace; pasta calls this table "HOST". {@link #OUTBOUND} rules ({@code -T}/{@code -U}) listen
 * inside the namespace (on {@code lo}) and connect to the host; pasta calls it "SPLICE".
 */
public enum Direction {
    INBOUND("HOST"),
    OUTBOUND("SPLICE");

    private final String pifName;

    Direction(String pifName) {
        this.pifName = pifName;
    }

    /** pasta's name for the table ({@code Inbound forwarding rules (HOST):}). */
    public String pifName() {
        return pifName;
    }
}
