package io.github.wsboot.websocket.proxy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.WebSocketException;

/**
 * A proxy refused to open a tunnel to the WebSocket server, or broke its protocol while doing so. The dial's
 * socket is closed by the time it is thrown.
 *
 * <ul>
 *   <li>An HTTP proxy answered CONNECT with a status other than 200: {@link #statusCode()},
 *       {@link #statusLine()} (as received, for example {@code HTTP/1.0 407 Proxy Authentication Required}) and
 *       {@link #headers()} (for example {@code Proxy-Authenticate}). gorilla returns the status text as the
 *       error; it is part of this exception's message.</li>
 *   <li>A SOCKS5 proxy answered the CONNECT command with a failure: {@link #socksReply()} is the RFC 1928 reply
 *       code (1 general failure, 2 not allowed by ruleset, 3 network unreachable, 4 host unreachable,
 *       5 connection refused, 6 TTL expired, 7 command not supported, 8 address type not supported).</li>
 *   <li>Credentials were refused or missing ({@link #authenticationFailed()}): HTTP status 407, or 401, which
 *       only the proxy can send to CONNECT (tinyproxy answers wrong credentials with it), a SOCKS5
 *       username/password refusal (RFC 1929), or a SOCKS5 proxy that accepts none of the offered methods.</li>
 *   <li>Otherwise the proxy broke its protocol: a malformed or oversized answer, or a connection closed
 *       mid-answer ({@link #getCause()} tells more).</li>
 * </ul>
 *
 * Not being able to reach the proxy at all is not a {@code ProxyException}: it is the usual
 * {@link java.net.ConnectException} or {@link java.net.UnknownHostException}, whose message names the proxy, and
 * running out of time is a {@link java.net.SocketTimeoutException}.
 */
public class ProxyException extends WebSocketException {

    private static final long serialVersionUID = 1L;

    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (n, v) -> true);

    private final URI proxy;
    private final int statusCode;
    private final @Nullable String statusLine;
    private final transient @Nullable HttpHeaders headers;
    private final int socksReply;
    private final boolean authenticationFailed;

    private ProxyException(
            String message,
            @Nullable Throwable cause,
            URI proxy,
            int statusCode,
            @Nullable String statusLine,
            @Nullable HttpHeaders headers,
            int socksReply,
            boolean authenticationFailed) {
        super(message, cause);
        this.proxy = proxy;
        this.statusCode = statusCode;
        this.statusLine = statusLine;
        this.headers = headers == null ? NO_HEADERS : headers;
        this.socksReply = socksReply;
        this.authenticationFailed = authenticationFailed;
    }

    /** An HTTP proxy's refusal of CONNECT. */
    public static ProxyException httpStatus(
            URI proxy, String target, int status, String statusLine, HttpHeaders headers) {
        return new ProxyException(
                "websocket: proxy " + proxy + " refused to open a tunnel to " + target + ": " + statusLine,
                null,
                proxy,
                status,
                statusLine,
                headers,
                -1,
                status == 407 || status == 401);
    }

    /** A SOCKS5 proxy's failure reply to CONNECT. */
    public static ProxyException socksReply(URI proxy, String target, int reply) {
        return new ProxyException(
                "websocket: SOCKS5 proxy " + proxy + " could not connect to " + target + ": " + socksReplyText(reply)
                        + " (reply " + reply + ")",
                null,
                proxy,
                -1,
                null,
                null,
                reply,
                false);
    }

    /** Credentials refused, or required and not given. */
    public static ProxyException authentication(URI proxy, String problem) {
        return new ProxyException("websocket: proxy " + proxy + ": " + problem, null, proxy, -1, null, null, -1, true);
    }

    /** A protocol violation by the proxy. */
    public static ProxyException protocol(URI proxy, String problem, @Nullable Throwable cause) {
        return new ProxyException(
                "websocket: proxy " + proxy + ": " + problem, cause, proxy, -1, null, null, -1, false);
    }

    /** RFC 1928 section 6's meaning of a reply code. */
    public static String socksReplyText(int reply) {
        return switch (reply) {
            case 0 -> "succeeded";
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown reply code";
        };
    }

    /** The proxy, without credentials. */
    public URI proxy() {
        return proxy;
    }

    /** The HTTP status of the proxy's answer to CONNECT, or -1 when there was none (SOCKS, protocol error). */
    public int statusCode() {
        return statusCode;
    }

    /** The status line of the proxy's answer to CONNECT as received, or null when there was none. */
    public @Nullable String statusLine() {
        return statusLine;
    }

    /** The header fields of the proxy's answer to CONNECT; empty when there was none. */
    public HttpHeaders headers() {
        return headers == null ? NO_HEADERS : headers;
    }

    /** The SOCKS5 reply code (1 to 255), or -1 when the failure was not a SOCKS reply. */
    public int socksReply() {
        return socksReply;
    }

    /** Whether the proxy refused the credentials or required some that were not given. */
    public boolean authenticationFailed() {
        return authenticationFailed;
    }
}
