/**
 * The MAC addresses the guest sees for its neighbours: ours, or, for hosts on the LAN of the template
 * interface, their real ones, mirrored from the host's ARP and NDP tables as pasta does since 2025-10.
 * {@link org.jpasta.neighbour.NeighbourMacs} decides per address (ARP and NDP answers, the source of every
 * frame to the guest); {@link org.jpasta.neighbour.NeighbourMonitor} keeps it in step with the kernel.
 */
package org.jpasta.neighbour;
