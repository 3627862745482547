package org.jpasta.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What pasta takes from the host's {@code /etc/resolv.conf}: the {@code nameserver} addresses in order
 * (a {@code %zone} suffix stripped) and the words of the first {@code search} line.
 *
 * <p>Theory of operation: the file is read once at start-up, before the namespace is configured, by the
 * same line rules as pasta's {@code get_dns()}: a line counts only if it starts with the keyword and a space;
 * the address is the last space-separated word; anything that is not a numeric IPv4 or IPv6 address is
 * ignored (no name lookups ever happen here). A missing or unreadable file is an empty configuration.
 *
 * @param nameservers resolver addresses in file order
 * @param search      search domains of the first {@code search} line
 */
public record ResolvConf(List<InetAddress> nameservers, List<String> search) {
    public static final Path DEFAULT_PATH = Path.of("/etc/resolv.conf");
    /** pasta keeps at most this many search domains (MAXDNSRCH). */
    static final int MAX_SEARCH = 6;

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        search = List.copyOf(search);
    }

    /** Reads {@code path}; an unreadable file gives an empty result. */
    public static ResolvConf read(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException | SecurityException e) {
            return new ResolvConf(List.of(), List.of());
        }
    }

    public static ResolvConf parse(String text) {
        List<InetAddress> servers = new ArrayList<>();
        List<String> search = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("nameserver ")) {
                InetAddress a = numericAddress(lastWord(line));
                if (a != null) {
                    servers.add(a);
                }
            } else if (line.startsWith("search ") && search == null) {
                search = new ArrayList<>();
                for (String word : line.substring("search ".length()).trim().split("[ \t]+")) {
                    if (!word.isEmpty() && search.size() < MAX_SEARCH) {
                        search.add(word);
                    }
                }
            }
        }
        return new ResolvConf(servers, search == null ? List.of() : search);
    }

    private static String lastWord(String line) {
        String word = line.substring(line.lastIndexOf(' ') + 1);
        int zone = word.indexOf('%');
        return (zone >= 0 ? word.substring(0, zone) : word).trim();
    }

    /** Parses a numeric IPv4 or IPv6 address without ever resolving a name; null if it is not one. */
    static InetAddress numericAddress(String s) {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
            return null;
        }
        if (s.indexOf(':') >= 0 && !s.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
