package io.github.wsboot.websocket;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The server's response to a client's opening handshake (gorilla returns an {@code *http.Response}).
 *
 * @param status the HTTP status code, 101 on success
 * @param reason the reason phrase of the status line
 * @param headers the response headers, case-insensitive
 * @param body the part of the body that was read with the headers (at most 1 KiB, often empty; only set on
 *             a failed handshake)
 */
public record HandshakeResponse(int status, String reason, HttpHeaders headers, byte[] body) {

    /** The body prefix decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HTTP/1.1 " + status + " " + reason + " " + headers.map();
    }
}
