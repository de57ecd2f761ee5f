package dev.poolkit.net;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Resolving and printing socket addresses the same way wherever poolkit-net dials or listens. */
public final class SocketAddresses {

    private SocketAddresses() {}

    /**
     * Resolves an unresolved address now (a name is looked up on every call, so a DNS change is seen
     * by the next dial); a resolved one is returned as it is.
     *
     * @param address the address
     * @return a resolved address
     * @throws UnknownHostException if the host name cannot be resolved; the message names it
     * @throws NullPointerException if {@code address} is null
     */
    public static InetSocketAddress resolve(InetSocketAddress address) throws UnknownHostException {
        if (!address.isUnresolved()) {
            return address;
        }
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        if (resolved.isUnresolved()) {
            throw new UnknownHostException("cannot resolve host '" + address.getHostString() + "'");
        }
        return resolved;
    }

    /**
     * Returns {@code host:port} as an operator writes it, an IPv6 literal in brackets.
     *
     * @param address the address
     * @return the text, without a resolved address's {@code name/ip} form
     */
    public static String describe(InetSocketAddress address) {
        return describe(address.getHostString(), address.getPort());
    }

    /**
     * Returns {@code host:port}, an IPv6 literal in brackets.
     *
     * @param host the host name or literal
     * @param port the port
     * @return the text
     */
    public static String describe(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
