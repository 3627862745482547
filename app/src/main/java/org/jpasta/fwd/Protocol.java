package org.jpasta.fwd;

/**
 * Transport protocol of a forwarding rule; {@link #label()} is the name pasta prints in rule dumps.
 */
public enum Protocol {
    TCP("TCP"),
    UDP("UDP");

    private final String label;

    Protocol(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
