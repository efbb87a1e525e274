package io.github.wsboot.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.github.wsboot.websocket.proxy.ProxyException;

/**
 * Opens a tunnel through an HTTP proxy with {@code CONNECT} (RFC 9110 section 9.3.6), as gorilla's
 * {@code httpProxyDialer} does: one request, {@code Proxy-Authorization: Basic} when the proxy URL carries
 * credentials, and a bounded read of the proxy's answer. Afterwards the socket is a byte pipe to the server.
 */
public final class HttpConnectTunnel {

    /**
     * Bound on the proxy's answer (status line, header fields, blank line). Proxies answer CONNECT with a few
     * hundred bytes; an endless header block is refused rather than buffered.
     */
    public static final int MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

    /** Read size for the answer; the server behind the proxy does not speak before the client. */
    private static final int READ_CHUNK = 512;

    private HttpConnectTunnel() {}

    /**
     * Asks the proxy connected through {@code socket} for a tunnel to {@code host:port} and reads its answer.
     *
     * @throws ProxyException when the proxy answers with a status other than 2xx, sends a malformed or
     *                        oversized answer, or closes the connection first
     */
    public static void open(Socket socket, ProxyUrl proxy, String host, int port, HandshakeGuard guard)
            throws IOException {
        String target = ProxyUrl.hostPort(host, port);
        StringBuilder request = new StringBuilder(128)
                .append("CONNECT ")
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target)
                .append("\r\n");
        String credentials = proxy.basicAuthorization();
        if (credentials != null) {
            request.append("Proxy-Authorization: ").append(credentials).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();

        HttpResponseHead head;
        try {
            head = HttpResponseHead.read(
                    socket.getInputStream(),
                    READ_CHUNK,
                    MAX_RESPONSE_HEAD_BYTES,
                    () -> socket.setSoTimeout(guard.soTimeoutMillis()));
        } catch (EOFException e) {
            throw ProxyException.protocol(
                    proxy.redacted(), "the proxy closed the connection before answering CONNECT " + target, e);
        } catch (ProtocolException e) {
            throw ProxyException.protocol(
                    proxy.redacted(),
                    "invalid answer to CONNECT " + target + ": "
                            + String.valueOf(e.getMessage()).replace("websocket: ", ""),
                    e);
        }
        // RFC 9110: any 2xx answer to CONNECT switches to tunnel mode (gorilla and Go's net/http take only 200).
        if (head.status() / 100 != 2) {
            throw ProxyException.httpStatus(proxy.redacted(), target, head.status(), head.statusLine(), head.headers());
        }
        if (head.rest().length > 0) {
            // The server cannot have spoken yet: these bytes would be the proxy's, and not part of the tunnel.
            throw ProxyException.protocol(
                    proxy.redacted(),
                    "the proxy sent " + head.rest().length + " bytes after its answer to CONNECT " + target
                            + ", before the server could speak",
                    null);
        }
    }
}
