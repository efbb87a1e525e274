package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.net.CookieHandler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * The client's opening handshake (RFC 6455 section 4.1) as bytes on the wire, with the values the response
 * is checked against: the key and the subprotocols offered. Immutable once built.
 */
public final class HandshakeRequest {

    private static final SecureRandom KEY_RANDOM = new SecureRandom();

    /** Headers the dialer writes itself; a caller's copy is refused (gorilla: "duplicate header not allowed"). */
    private static final Set<String> OWNED = caseInsensitive(
            "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions");

    private final byte[] bytes;
    private final String key;
    private final boolean compressionOffered;
    private final List<String> offeredSubprotocols;

    private HandshakeRequest(byte[] bytes, String key, List<String> offeredSubprotocols, boolean compressionOffered) {
        this.compressionOffered = compressionOffered;
        this.bytes = bytes;
        this.key = key;
        this.offeredSubprotocols = offeredSubprotocols;
    }

    /**
     * Builds the request for {@code target}.
     *
     * @param subprotocols the dialer's subprotocols; when empty, a {@code Sec-WebSocket-Protocol} header in
     *                     {@code extraHeaders} is sent as is and defines what was offered
     * @param extraHeaders the caller's headers, may be null. {@code Host} replaces the host header;
     *                     {@code Cookie} values are merged with the jar's into one header
     * @param jar          cookie source, may be null; asked with the target's http(s) URI
     * @throws IllegalArgumentException for a header the dialer owns, or an invalid header name or value
     * @throws IOException when the cookie jar fails
     */
    public static HandshakeRequest build(
            DialTarget target,
            List<String> subprotocols,
            @Nullable Map<String, List<String>> extraHeaders,
            @Nullable CookieHandler jar)
            throws IOException {
        return build(target, subprotocols, extraHeaders, jar, null);
    }

    /**
     * Builds the request for {@code target}, offering {@code extensionOffer} (a {@code Sec-WebSocket-Extensions}
     * value, or null for none).
     */
    public static HandshakeRequest build(
            DialTarget target,
            List<String> subprotocols,
            @Nullable Map<String, List<String>> extraHeaders,
            @Nullable CookieHandler jar,
            @Nullable String extensionOffer)
            throws IOException {
        Map<String, List<String>> extra = extraHeaders == null ? Map.of() : extraHeaders;
        String host = target.hostHeader();
        List<String> offered = new ArrayList<>(subprotocols);
        List<String> cookies = new ArrayList<>();
        boolean callerAuthorization = false;
        StringBuilder rest = new StringBuilder();
        for (Map.Entry<String, List<String>> e : extra.entrySet()) {
            String name = e.getKey();
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            if (name == null || !HttpResponseHead.isToken(name, 0, name.length())) {
                throw new IllegalArgumentException("websocket: invalid request header name: \"" + name + "\"");
            }
            for (String v : values) {
                checkValue(name, v);
            }
            if (OWNED.contains(name)
                    || (AsciiCase.equalsIgnoreCase(name, "Sec-WebSocket-Protocol") && !subprotocols.isEmpty())) {
                throw new IllegalArgumentException("websocket: duplicate header not allowed: " + name);
            }
            if (AsciiCase.equalsIgnoreCase(name, "Host")) {
                if (!values.isEmpty()) {
                    host = values.get(0);
                }
                continue;
            }
            if (AsciiCase.equalsIgnoreCase(name, "Cookie")) {
                cookies.addAll(values);
                continue;
            }
            if (AsciiCase.equalsIgnoreCase(name, "Sec-WebSocket-Protocol")) {
                for (String v : values) {
                    for (String token : v.split(",")) {
                        if (!token.isBlank()) {
                            offered.add(token.trim());
                        }
                    }
                }
            }
            callerAuthorization |= AsciiCase.equalsIgnoreCase(name, "Authorization");
            for (String v : values) {
                rest.append(name).append(": ").append(v).append("\r\n");
            }
        }
        if (jar != null) {
            for (Map.Entry<String, List<String>> e :
                    jar.get(target.httpUri(), extra).entrySet()) {
                if (AsciiCase.equalsIgnoreCase("Cookie", e.getKey()) && e.getValue() != null) {
                    for (String v : e.getValue()) {
                        checkValue("Cookie", v);
                        cookies.add(v);
                    }
                }
            }
        }

        byte[] nonce = new byte[16];
        KEY_RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);

        // Header names are spelled as in the RFC examples: some servers depend on it.
        StringBuilder sb = new StringBuilder(256 + rest.length());
        sb.append("GET ").append(target.requestTarget()).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(host).append("\r\n");
        sb.append("Upgrade: websocket\r\n");
        sb.append("Connection: Upgrade\r\n");
        sb.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        sb.append("Sec-WebSocket-Version: 13\r\n");
        if (!subprotocols.isEmpty()) {
            sb.append("Sec-WebSocket-Protocol: ")
                    .append(String.join(", ", subprotocols))
                    .append("\r\n");
        }
        if (extensionOffer != null) {
            sb.append("Sec-WebSocket-Extensions: ").append(extensionOffer).append("\r\n");
        }
        if (target.authorization() != null && !callerAuthorization) {
            sb.append("Authorization: ").append(target.authorization()).append("\r\n");
        }
        if (!cookies.isEmpty()) {
            // RFC 6265 section 5.4: a user agent sends at most one Cookie header.
            sb.append("Cookie: ").append(String.join("; ", cookies)).append("\r\n");
        }
        sb.append(rest).append("\r\n");
        return new HandshakeRequest(
                sb.toString().getBytes(StandardCharsets.ISO_8859_1), key, List.copyOf(offered), extensionOffer != null);
    }

    /** The request head, ready to write. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether permessage-deflate was offered. */
    public boolean compressionOffered() {
        return compressionOffered;
    }

    /** The {@code Sec-WebSocket-Key} sent. */
    public String key() {
        return key;
    }

    /** The subprotocols offered, from the dialer or from the caller's {@code Sec-WebSocket-Protocol} header. */
    public List<String> offeredSubprotocols() {
        return offeredSubprotocols;
    }

    /** Refuses values that would split the request (CR, LF, NUL) or that ISO-8859-1 cannot carry. */
    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("websocket: null value for request header " + name);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("websocket: invalid character 0x" + Integer.toHexString(c)
                        + " in the value of request header " + name);
            }
        }
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    /** The request line only: the headers may carry credentials and cookies. */
    @Override
    public String toString() {
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        return head.substring(0, head.indexOf('\r'));
    }
}
