/**
 * Network namespaces: entering the target one, configuring it, spawning the command, noticing when it is gone.
 *
 * <h2>Theory of operation</h2>
 * A JVM cannot change user namespaces (it is multi-threaded), so the launcher ({@code bin/pasta}) has
 * already put the whole process in the right one. A <em>network</em> namespace switch is per thread: one
 * long-lived platform thread, {@link org.jpasta.ns.NamespaceThread}, enters the target namespace once and
 * never leaves. It only <em>creates</em> descriptors there (the tap, a netlink socket, later namespace-side
 * sockets) and starts the spawned command; the descriptors keep their namespace and are used from the event
 * loop, which lives in the host namespace like the rest of the JVM. This is pasta's {@code NS_CALL()} idea
 * with a thread instead of a short-lived clone.
 */
package org.jpasta.ns;
