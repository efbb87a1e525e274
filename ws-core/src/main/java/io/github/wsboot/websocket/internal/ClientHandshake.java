package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieHandler;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.BadHandshakeException;
import io.github.wsboot.websocket.HandshakeResponse;

/**
 * The HTTP exchange of a client's opening handshake over a connected (and, for wss, TLS) socket: writes the
 * request, reads the response head and checks it as RFC 6455 section 4.1 requires of a client.
 */
public final class ClientHandshake {

    /** How much of a refused handshake's body is kept for the caller, as gorilla does. */
    static final int BODY_PREFIX_BYTES = 1024;
    /** How long to wait for that body beyond what has arrived: it is a debugging aid, not worth a long wait. */
    private static final Duration BODY_WAIT = Duration.ofSeconds(2);

    private ClientHandshake() {}

    /** A successful exchange. */
    public record Result(
            HandshakeResponse response,
            String subprotocol,
            byte[] preRead,
            PerMessageDeflate.@Nullable Agreement compression) {}

    /**
     * Performs the exchange. Reads ask for at most {@code chunkSize} bytes, so {@link Result#preRead()}
     * (bytes after the response head) fits a read buffer of that size.
     *
     * @param jar receives the response's {@code Set-Cookie} headers (before the response is checked, as
     *            gorilla does), may be null
     * @throws BadHandshakeException when the server did not accept the upgrade as RFC 6455 requires
     * @throws java.net.ProtocolException when the response head is malformed or too large
     * @throws java.io.EOFException when the server closed the connection before the end of the head
     */
    public static Result exchange(
            Socket socket,
            HandshakeRequest request,
            URI cookieUri,
            @Nullable CookieHandler jar,
            int chunkSize,
            HandshakeGuard guard,
            boolean contextTakeover)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.bytes());
        out.flush();

        InputStream in = socket.getInputStream();
        HttpResponseHead head = HttpResponseHead.read(
                in, chunkSize, HttpResponseHead.MAX_HEADER_BYTES, () -> socket.setSoTimeout(guard.soTimeoutMillis()));
        if (jar != null) {
            jar.put(cookieUri, head.headers().map());
        }
        String problem = problem(head, request);
        PerMessageDeflate.Agreement compression = null;
        if (problem == null) {
            try {
                compression = PerMessageDeflate.acceptServerResponse(
                        head.headers().allValues("Sec-WebSocket-Extensions"),
                        request.compressionOffered(),
                        contextTakeover);
            } catch (IllegalArgumentException e) {
                problem = "invalid 'Sec-WebSocket-Extensions' answer: " + e.getMessage();
            }
        }
        if (problem != null) {
            long bodyDeadline = System.nanoTime() + BODY_WAIT.toNanos();
            byte[] body = HttpBodyPrefix.read(head, in, BODY_PREFIX_BYTES, () -> {
                long left = Math.max(1, (bodyDeadline - System.nanoTime()) / 1_000_000);
                int guardMillis = guard.soTimeoutMillis();
                socket.setSoTimeout(guardMillis == 0 ? (int) left : (int) Math.min(left, guardMillis));
            });
            throw new BadHandshakeException(problem, response(head, body));
        }
        return new Result(response(head, new byte[0]), selectedSubprotocol(head.headers()), head.rest(), compression);
    }

    /** What is wrong with the response, or null when it accepts the upgrade. */
    private static @Nullable String problem(HttpResponseHead head, HandshakeRequest request) {
        HttpHeaders h = head.headers();
        if (head.status() != 101) {
            return "unexpected response status " + head.status()
                    + (head.reason().isEmpty() ? "" : " " + head.reason()) + " (expected 101 Switching Protocols)";
        }
        if (!tokenListContains(h.allValues("Upgrade"), "websocket")) {
            return "'websocket' token not found in 'Upgrade' header";
        }
        if (!tokenListContains(h.allValues("Connection"), "upgrade")) {
            return "'upgrade' token not found in 'Connection' header";
        }
        List<String> accept = h.allValues("Sec-WebSocket-Accept");
        if (accept.isEmpty()) {
            return "'Sec-WebSocket-Accept' header is missing";
        }
        if (accept.size() != 1 || !accept.get(0).equals(WebSocketProtocol.acceptKey(request.key()))) {
            return "'Sec-WebSocket-Accept' header does not match the key sent";
        }
        List<String> protocols = h.allValues("Sec-WebSocket-Protocol");
        if (protocols.size() > 1 || (protocols.size() == 1 && protocols.get(0).contains(","))) {
            return "server selected more than one subprotocol: " + protocols;
        }
        String selected = selectedSubprotocol(h);
        if (!selected.isEmpty() && !request.offeredSubprotocols().contains(selected)) {
            return "server selected subprotocol \"" + selected + "\", which the client did not offer (offered: "
                    + request.offeredSubprotocols() + ")";
        }
        // Extensions are checked against the offer by PerMessageDeflate.acceptServerResponse: one the client did
        // not offer makes it fail the connection (RFC 6455 section 4.1).
        return null;
    }

    private static String selectedSubprotocol(HttpHeaders h) {
        return h.firstValue("Sec-WebSocket-Protocol").map(String::trim).orElse("");
    }

    private static boolean tokenListContains(List<String> values, String token) {
        for (String v : values) {
            for (String t : v.split(",")) {
                if (AsciiCase.equalsIgnoreCase(t.trim(), token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static HandshakeResponse response(HttpResponseHead head, byte[] body) {
        return new HandshakeResponse(head.status(), head.reason(), head.headers(), body);
    }
}
