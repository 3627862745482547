package org.jpasta.cli;

/**
 * The user and group pasta switches to ({@code --runas}), as unsigned 32-bit ids.
 */
public record RunAs(long uid, long gid) {
}
