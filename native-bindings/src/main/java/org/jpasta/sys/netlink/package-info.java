/**
 * A small rtnetlink client: links, addresses, routes and neighbours, as pasta's {@code netlink.c} uses them.
 *
 * <h2>Theory of operation</h2>
 * One {@link org.jpasta.sys.netlink.RtNetlink} object owns one {@code NETLINK_ROUTE} socket. A netlink socket
 * belongs to the network namespace of the thread that creates it, so the namespace side of jpasta creates
 * its instance on the namespace thread and the host side on any host thread; after that the object may be
 * used from any single thread at a time (it is not thread-safe: one request in flight, a sequence number and
 * one receive buffer).
 * <p>
 * Requests are synchronous: send one message with {@code NLM_F_ACK}, read until the matching
 * {@code NLMSG_ERROR} (an error code of 0 is the ACK), or, for dumps, until {@code NLMSG_DONE}. A negative
 * error code becomes a {@link org.jpasta.sys.SysException} naming the request. This runs at start-up only,
 * so messages are built in heap arrays and parsed into small records without worrying about allocation.
 * <p>
 * {@link org.jpasta.sys.netlink.NeighbourEvents} is the one long-lived socket: a subscription to the kernel's
 * ARP/NDP table changes, read without blocking whenever the event loop finds it readable (changes are rare:
 * a neighbour appears, changes its MAC or goes away).
 */
package org.jpasta.sys.netlink;
