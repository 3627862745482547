/**
 * pasta's configuration socket ({@code -c/--conf-path}): the pesto protocol that lets a caller replace the
 * forwarding tables of a running pasta.
 *
 * <h2>Theory of operation</h2>
 * {@link org.jpasta.control.PestoWire} is the byte layout (greeting, table headers, pasta's 56-byte rules);
 * {@link org.jpasta.control.ControlSocket} serves one client at a time on a thread of its own, checks the new
 * tables with the same {@link org.jpasta.fwd.ForwardTableBuilder} the command line goes through, and hands
 * complete, valid tables to the event loop, where the listeners of {@code -t/-u/-T/-U} are swapped
 * ({@code org.jpasta.Pasta#switchRules}). Flows already set up are not touched.
 */
package org.jpasta.control;
