package dev.gpufit.agent;

import dev.gpufit.BadInputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the agent listens: {@code HOST:PORT}, {@code [V6]:PORT} or {@code :PORT} (all addresses).
 * Port 0 asks the OS for a free port (tests).
 */
public record ListenAddress(String host, int port) {
    public static final ListenAddress DEFAULT = new ListenAddress("127.0.0.1", 9464);

    public static ListenAddress parse(String s) {
        String v = s == null ? "" : s.strip();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new BadInputException("--listen " + v + ": expected HOST:PORT, e.g. 127.0.0.1:9464");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new BadInputException("--listen " + v + ": write IPv6 addresses in brackets, e.g. [::1]:9464");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new BadInputException("--listen " + v + ": the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new BadInputException("--listen " + v + ": the port must be 0-65535");
        }
        return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    public InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new BadInputException("--listen: cannot resolve " + host);
        }
    }

    /** True when only this machine can connect. */
    public boolean isLoopback() {
        return resolve().getAddress().isLoopbackAddress();
    }

    /** True for 0.0.0.0 / :: — every interface of the machine. */
    public boolean isWildcard() {
        return resolve().getAddress().isAnyLocalAddress();
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
