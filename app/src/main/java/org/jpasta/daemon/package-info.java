/**
 * The process contract callers rely on: readiness, the pid file, detaching, signals, exit codes.
 *
 * <h2>Theory of operation</h2>
 * Podman and RootlessKit start pasta and wait for the process they started to exit 0, which means "ready",
 * <em>and</em> for EOF on its stdout/stderr pipes; then they read the pid file. pasta forks once set up: the
 * parent writes the child's PID and exits 0, the child detaches. The JVM cannot fork, so the launcher plays
 * the parent: it starts the JVM in the background and waits on a FIFO ({@code JPASTA_READY_FD}). When
 * everything is set up, {@link org.jpasta.daemon.Readiness} writes the pid file with our own PID, writes
 * {@code READY} to the FIFO, and points fds 0–2 at {@code /dev/null}, so that no caller pipe stays open.
 * Errors before that point are one pasta-style line on stderr and exit status 1; the launcher passes the
 * status on. SIGTERM and SIGQUIT end the daemon with status 0, as in pasta.
 */
package org.jpasta.daemon;
