/**
 * Neighbour discovery for the guest: pasta answers neighbour solicitations for any address with
 * its own MAC and, unless the namespace is configured by netlink, answers router solicitations
 * with an advertisement that lets the guest autoconfigure its address, route and resolvers.
 */
package org.jpasta.ndp;
