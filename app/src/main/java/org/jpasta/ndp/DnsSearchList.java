package org.jpasta.ndp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes search domains the way the DNSSL option carries them: RFC 1035 labels, each name
 * ending with the root label.
 *
 * <h2>Theory of operation</h2>
 * The search list comes from configuration (resolv.conf or the command line), so bad names
 * are configuration errors and are reported with an exception when the configuration is
 * built, never while answering a guest. A trailing dot (a name already written as absolute) is
 * accepted and dropped, since the root label is added anyway.
 */
public final class DnsSearchList {
    /** Longest label RFC 1035 allows. */
    public static final int MAXIMUM_LABEL_LENGTH = 63;
    /** Longest encoded name RFC 1035 allows. */
    public static final int MAXIMUM_NAME_LENGTH = 255;

    private DnsSearchList() {
    }

    /**
     * @return the names, encoded back to back, without padding
     * @throws IllegalArgumentException for an empty name or label, a label over 63 octets,
     *                                  a name over 255 octets or non-ASCII text
     */
    public static byte[] encode(List<String> domains) {
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (String domain : domains) {
            byte[] name = encodeName(domain);
            encoded.write(name, 0, name.length);
        }
        return encoded.toByteArray();
    }

    private static byte[] encodeName(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("not a search domain: '" + domain + "'");
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        for (String label : name.split("\\.", -1)) {
            byte[] octets = label.getBytes(StandardCharsets.US_ASCII);
            if (octets.length == 0 || octets.length > MAXIMUM_LABEL_LENGTH) {
                throw new IllegalArgumentException("bad label in search domain: '" + domain + "'");
            }
            encoded.write(octets.length);
            encoded.write(octets, 0, octets.length);
        }
        encoded.write(0);
        if (encoded.size() > MAXIMUM_NAME_LENGTH) {
            throw new IllegalArgumentException("search domain too long: '" + domain + "'");
        }
        return encoded.toByteArray();
    }
}
