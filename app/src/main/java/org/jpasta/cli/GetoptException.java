package org.jpasta.cli;

/**
 * An option glibc's {@code getopt_long()} rejects; the message is the line glibc prints to stderr
 * (without the newline), or {@code null} when messages are silenced.
 */
public final class GetoptException extends Exception {
    private static final long serialVersionUID = 1L;

    public GetoptException(String message) {
        super(message);
    }
}
