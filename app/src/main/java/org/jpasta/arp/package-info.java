/**
 * ARP for the guest: pasta answers every ARP request on the tap, so the guest sees the whole
 * IPv4 world as one link, and it learns the guest's MAC address from what the guest sends.
 */
package org.jpasta.arp;
