package io.github.wsboot.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.github.wsboot.websocket.proxy.ProxyException;

/**
 * The client side of a SOCKS version 5 {@code CONNECT} (RFC 1928), with username/password authentication
 * (RFC 1929) when the proxy URL carries credentials, as Go's {@code x/net/proxy} (gorilla's SOCKS5 dialer) does:
 * "no authentication" is always offered, username/password as well when there are credentials, and a host name
 * is sent as a name for the proxy to resolve ({@code socks5h} semantics, for {@code socks5://} too). Reads are
 * exact, so nothing of the server's first bytes is consumed.
 */
public final class Socks5Handshake {

    private static final int VERSION = 5;
    private static final int METHOD_NONE = 0x00;
    private static final int METHOD_USERNAME_PASSWORD = 0x02;
    private static final int METHOD_NO_ACCEPTABLE = 0xFF;
    private static final int USERNAME_PASSWORD_VERSION = 1;
    private static final int CMD_CONNECT = 1;
    private static final int ATYP_IPV4 = 1;
    private static final int ATYP_DOMAIN = 3;
    private static final int ATYP_IPV6 = 4;

    private final Socket socket;
    private final ProxyUrl proxy;
    private final HandshakeGuard guard;
    private final InputStream in;
    private final OutputStream out;

    private Socks5Handshake(Socket socket, ProxyUrl proxy, HandshakeGuard guard) throws IOException {
        this.socket = socket;
        this.proxy = proxy;
        this.guard = guard;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Asks the SOCKS5 proxy connected through {@code socket} to connect to {@code host:port}.
     *
     * @param host a host name (sent for the proxy to resolve) or an IP literal without brackets
     * @throws ProxyException when the proxy refuses the methods or the credentials, answers with a failure
     *                        reply, or breaks the protocol
     */
    public static void connect(Socket socket, ProxyUrl proxy, String host, int port, HandshakeGuard guard)
            throws IOException {
        byte[] address = encodeAddress(host);
        Socks5Handshake h = new Socks5Handshake(socket, proxy, guard);
        h.negotiateMethod();
        h.connect(address, host, port);
    }

    private void negotiateMethod() throws IOException {
        boolean credentials = proxy.hasCredentials();
        out.write(
                credentials
                        ? new byte[] {VERSION, 2, METHOD_NONE, METHOD_USERNAME_PASSWORD}
                        : new byte[] {VERSION, 1, METHOD_NONE});
        out.flush();
        byte[] answer = read(2, "the method selection");
        if (answer[0] != VERSION) {
            throw ProxyException.protocol(
                    proxy.redacted(),
                    "not a SOCKS5 proxy: its answer starts with byte " + (answer[0] & 0xFF) + " instead of version 5",
                    null);
        }
        int method = answer[1] & 0xFF;
        if (method == METHOD_NONE) {
            return;
        }
        if (method == METHOD_NO_ACCEPTABLE) {
            throw ProxyException.authentication(
                    proxy.redacted(),
                    credentials
                            ? "the SOCKS5 proxy accepts none of the offered authentication methods (none, username/password)"
                            : "the SOCKS5 proxy requires authentication; put a user name and password in the proxy URL");
        }
        if (method == METHOD_USERNAME_PASSWORD && credentials) {
            authenticate();
            return;
        }
        throw ProxyException.protocol(
                proxy.redacted(),
                "the SOCKS5 proxy chose authentication method " + method + ", which was not offered",
                null);
    }

    /** RFC 1929. */
    private void authenticate() throws IOException {
        byte[] user = Objects.requireNonNull(proxy.username(), "credentials").getBytes(StandardCharsets.UTF_8);
        byte[] password = Objects.requireNonNullElse(proxy.password(), "").getBytes(StandardCharsets.UTF_8);
        if (user.length == 0 || user.length > 255 || password.length > 255) {
            throw ProxyException.authentication(
                    proxy.redacted(),
                    "SOCKS5 needs a user name of 1 to 255 bytes and a " + "password of at most 255 bytes");
        }
        byte[] request = new byte[3 + user.length + password.length];
        request[0] = USERNAME_PASSWORD_VERSION;
        request[1] = (byte) user.length;
        System.arraycopy(user, 0, request, 2, user.length);
        request[2 + user.length] = (byte) password.length;
        System.arraycopy(password, 0, request, 3 + user.length, password.length);
        out.write(request);
        out.flush();
        // The version byte of the answer is not checked: some servers answer 5 instead of 1; the status decides.
        byte[] answer = read(2, "the username/password authentication");
        if (answer[1] != 0) {
            throw ProxyException.authentication(
                    proxy.redacted(),
                    "the SOCKS5 proxy refused the user name and password " + "(RFC 1929 status " + (answer[1] & 0xFF)
                            + ")");
        }
    }

    private void connect(byte[] address, String host, int port) throws IOException {
        byte[] request = new byte[3 + address.length + 2];
        request[0] = VERSION;
        request[1] = CMD_CONNECT;
        request[2] = 0;
        System.arraycopy(address, 0, request, 3, address.length);
        request[request.length - 2] = (byte) (port >>> 8);
        request[request.length - 1] = (byte) port;
        out.write(request);
        out.flush();

        byte[] reply = read(4, "the reply to CONNECT");
        if (reply[0] != VERSION) {
            throw ProxyException.protocol(
                    proxy.redacted(),
                    "the SOCKS5 reply to CONNECT has version " + (reply[0] & 0xFF) + " instead of 5",
                    null);
        }
        int code = reply[1] & 0xFF;
        if (code != 0) {
            throw ProxyException.socksReply(proxy.redacted(), ProxyUrl.hostPort(host, port), code);
        }
        // The bound address is of no use to a client, but it must be consumed: the server's bytes follow it.
        int boundLength =
                switch (reply[3] & 0xFF) {
                    case ATYP_IPV4 -> 4;
                    case ATYP_IPV6 -> 16;
                    case ATYP_DOMAIN -> read(1, "the reply to CONNECT")[0] & 0xFF;
                    default ->
                        throw ProxyException.protocol(
                                proxy.redacted(),
                                "the SOCKS5 reply to CONNECT has unknown " + "address type " + (reply[3] & 0xFF),
                                null);
                };
        read(boundLength + 2, "the reply to CONNECT");
    }

    /** ATYP and address: IPv4 and IPv6 literals as such, any other host as a name for the proxy to resolve. */
    private static byte[] encodeAddress(String host) throws IOException {
        if (DialTarget.isIpLiteral(host)) {
            // A literal: no lookup is made. IPv4-mapped IPv6 addresses come back as IPv4, as Go sends them.
            byte[] ip = InetAddress.getByName(host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                    .getAddress();
            byte[] encoded = new byte[1 + ip.length];
            encoded[0] = (byte) (ip.length == 4 ? ATYP_IPV4 : ATYP_IPV6);
            System.arraycopy(ip, 0, encoded, 1, ip.length);
            return encoded;
        }
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        if (name.length > 255) {
            throw new IOException("websocket: host name too long for SOCKS5 (" + name.length + " bytes, at most 255)");
        }
        byte[] encoded = new byte[2 + name.length];
        encoded[0] = ATYP_DOMAIN;
        encoded[1] = (byte) name.length;
        System.arraycopy(name, 0, encoded, 2, name.length);
        return encoded;
    }

    private byte[] read(int n, String what) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            socket.setSoTimeout(guard.soTimeoutMillis());
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw ProxyException.protocol(
                        proxy.redacted(), "the SOCKS5 proxy closed the connection during " + what, new EOFException());
            }
            off += r;
        }
        return buf;
    }
}
