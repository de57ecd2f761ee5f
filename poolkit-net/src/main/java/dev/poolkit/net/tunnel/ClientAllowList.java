package dev.poolkit.net.tunnel;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The client addresses a {@link TunnelServerPool} accepts: any (an empty list), or those matching
 * one of its entries. An entry is an exact IP address, as NodePass's single {@code clientIP} is, or
 * a CIDR range; IPv4 and IPv6 both. Entries are IP literals only and are never resolved through DNS.
 * A range whose address has bits set past the prefix ({@code 10.1.2.3/8}) means its network
 * ({@code 10.0.0.0/8}), as Go's {@code ParseCIDR} reads it.
 *
 * <p>Immutable and thread-safe.
 *
 * {@snippet :
 * ClientAllowList office = ClientAllowList.of("192.0.2.10", "10.0.0.0/8", "fd00::/8");
 * }
 */
public final class ClientAllowList {

    private static final ClientAllowList ALL = new ClientAllowList(List.of());

    private final List<Range> ranges;

    private ClientAllowList(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Returns the list that accepts every client.
     *
     * @return the empty allow-list
     */
    public static ClientAllowList allowAll() {
        return ALL;
    }

    /**
     * Parses entries; no entry at all accepts every client.
     *
     * @param entries IP literals ({@code 192.0.2.10}, {@code ::1}) and CIDR ranges ({@code
     *     10.0.0.0/8}, {@code fd00::/8})
     * @return the allow-list
     * @throws IllegalArgumentException if an entry is not an IP literal or a CIDR range with a prefix
     *     length that fits its address; the message quotes the entry
     * @throws NullPointerException if {@code entries} or one of them is null
     */
    public static ClientAllowList of(String... entries) {
        return of(Arrays.asList(requireNonNull(entries, "entries")));
    }

    /**
     * Parses entries; see {@link #of(String...)}.
     *
     * @param entries the entries
     * @return the allow-list
     * @throws IllegalArgumentException if an entry is malformed
     * @throws NullPointerException if {@code entries} or one of them is null
     */
    public static ClientAllowList of(Collection<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : requireNonNull(entries, "entries")) {
            ranges.add(Range.parse(requireNonNull(entry, "entry")));
        }
        return ranges.isEmpty() ? ALL : new ClientAllowList(List.copyOf(ranges));
    }

    /**
     * Returns whether a client at {@code address} may connect.
     *
     * @param address the client's address
     * @return true if the list is empty or an entry matches
     * @throws NullPointerException if {@code address} is null
     */
    public boolean allows(InetAddress address) {
        requireNonNull(address, "address");
        if (ranges.isEmpty()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether every client is accepted.
     *
     * @return true for the empty list
     */
    public boolean allowsAll() {
        return ranges.isEmpty();
    }

    /**
     * Returns the entries in normalised form: an exact address as {@code 192.0.2.10} or {@code ::1},
     * a range as {@code 10.0.0.0/8}.
     *
     * @return the entries, in the order given; immutable
     */
    public List<String> entries() {
        return ranges.stream().map(Range::toString).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientAllowList other && other.ranges.equals(ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "ClientAllowList[any]" : "ClientAllowList" + entries();
    }

    /** A network address and prefix length; an exact address has the full length. */
    private static final class Range {
        private final byte[] network;
        private final int prefix;
        private final boolean exact;

        private Range(byte[] network, int prefix, boolean exact) {
            this.network = network;
            this.prefix = prefix;
            this.exact = exact;
        }

        static Range parse(String entry) {
            String text = entry.strip();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            byte[] address = literal(host, entry);
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = text.substring(slash + 1);
                if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw malformed(entry);
                }
                prefix = Integer.parseInt(length);
                if (address.length == 4 && host.indexOf(':') >= 0) {
                    prefix -= 96; // ::ffff:a.b.c.d/n, which Java turns into an IPv4 address
                }
                if (prefix < 0 || prefix > bits) {
                    throw malformed(entry);
                }
            }
            byte[] network = address.clone();
            for (int i = 0; i < network.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                network[i] &= (byte) (0xff << (8 - keep));
            }
            return new Range(network, prefix, slash < 0);
        }

        /** Reads an IP literal without ever asking DNS: IPv4 by hand, IPv6 in brackets. */
        private static byte[] literal(String host, String entry) {
            if (host.isEmpty() || host.indexOf('%') >= 0 || host.indexOf('[') >= 0) {
                throw malformed(entry);
            }
            if (host.indexOf(':') >= 0) {
                try {
                    return InetAddress.getByName("[" + host + "]").getAddress();
                } catch (UnknownHostException e) {
                    throw malformed(entry);
                }
            }
            String[] parts = host.split("\\.", -1);
            if (parts.length != 4) {
                throw malformed(entry);
            }
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                if (part.isEmpty()
                        || part.length() > 3
                        || (part.length() > 1 && part.charAt(0) == '0')
                        || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw malformed(entry);
                }
                int value = Integer.parseInt(part);
                if (value > 255) {
                    throw malformed(entry);
                }
                address[i] = (byte) value;
            }
            return address;
        }

        private static IllegalArgumentException malformed(String entry) {
            return new IllegalArgumentException(
                    "allowList entries must be IP addresses or CIDR ranges (such as 10.0.0.0/8 or fd00::/8), but one was '"
                            + entry + "'");
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < address.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - i * 8));
                if (keep == 0) {
                    return true;
                }
                int mask = (0xff << (8 - keep)) & 0xff;
                if ((address[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Range other
                    && other.prefix == prefix
                    && other.exact == exact
                    && Arrays.equals(other.network, network);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(network) * 31 + prefix;
        }

        @Override
        public String toString() {
            String host;
            try {
                host = InetAddress.getByAddress(network).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // impossible: 4 or 16 bytes
            }
            if (network.length == 16) {
                host = compress(host);
            }
            return exact ? host : host + "/" + prefix;
        }
    }

    /** Java prints IPv6 in full ({@code 0:0:0:0:0:0:0:1}); show the short form ({@code ::1}). */
    private static String compress(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
