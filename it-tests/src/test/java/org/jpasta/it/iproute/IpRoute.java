package org.jpasta.it.iproute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One route as reported by {@code ip -j route} / {@code ip -6 -j route}.
 *
 * <p>Only destination, gateway and device matter to the tests: pasta copies the host's routes onto the tap.
 */
public record IpRoute(String destination, String gateway, String device) {

    public static List<IpRoute> listFrom(String ipJsonOutput) {
        List<IpRoute> routes = new ArrayList<>();
        for (Object entry : (List<?>) Json.parse(ipJsonOutput)) {
            Map<?, ?> json = (Map<?, ?>) entry;
            routes.add(new IpRoute((String) json.get("dst"), (String) json.get("gateway"), (String) json.get("dev")));
        }
        return routes;
    }

    /** The default route in a route list, if there is one. */
    public static Optional<IpRoute> defaultRoute(List<IpRoute> routes) {
        return routes.stream().filter(route -> "default".equals(route.destination())).findFirst();
    }
}
