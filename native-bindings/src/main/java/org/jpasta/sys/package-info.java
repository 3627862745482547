/**
 * Thin bindings to the Linux kernel interfaces jpasta needs: libc system calls ({@link org.jpasta.sys.LibC}),
 * the tun/tap driver ({@link org.jpasta.sys.Tun}) and rtnetlink ({@link org.jpasta.sys.netlink}).
 *
 * <h2>Theory of operation</h2>
 * Everything is JNA <em>direct mapping</em> ({@code Native.register}): about 150 ns per call against 300–475 ns
 * for interface mapping. Calls on the data path take raw native addresses ({@code long}) rather than
 * {@code ByteBuffer}s, which JNA would otherwise resolve at a cost of about 300 ns per call.
 * <p>
 * Raw calls return the C result and leave errno in {@link com.sun.jna.Native#getLastError()}; the data path
 * checks the result and reads errno only after a failure (it is stale after a success). Non-hot callers use
 * the checked helpers that throw {@link org.jpasta.sys.SysException}, whose message names the call the way
 * pasta's messages do ({@code "open /dev/net/tun: Permission denied"}).
 * <p>
 * Nothing here knows about pasta: no configuration, no policy, only kernel interfaces, each unit-tested
 * against the real kernel.
 */
package org.jpasta.sys;
