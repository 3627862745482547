/**
 * The resolved configuration: what the command line asked for, completed with what the host offers.
 *
 * <h2>Theory of operation</h2>
 * pasta's model (conf.c): the namespace gets a copy of the host's "template" interface: its name, its
 * addresses, its routes. The template is {@code -i}, else the interface of the first default route, else the
 * only interface with any route; with none, "local mode" uses link-local defaults. So the guest's address is
 * the host's own address and there is no NAT by default; the guest's gateway (by default also the address
 * mapped to the host's loopback) is the host's gateway.
 * <p>
 * {@link org.jpasta.config.HostNetwork} reads the host side once, at start-up, on a host-namespace thread;
 * the result is a {@link org.jpasta.config.Configuration} that is filled in before any other thread starts
 * and never written afterwards, so it is shared without locks.
 */
package org.jpasta.config;
