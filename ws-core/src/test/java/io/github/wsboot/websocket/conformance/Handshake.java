package io.github.wsboot.websocket.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP/1.1 opening handshake (RFC 6455 section 4), written by hand for both fuzzing peers so that they
 * depend on nothing in the library under test.
 */
final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEAD = 16 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handshake() {}

    /** The request line or status line, and the headers with lower-case names. */
    record Head(String firstLine, Map<String, String> headers) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }
    }

    /** Client side: sends the upgrade request and checks the server's 101 answer. */
    static void asClient(InputStream in, OutputStream out, String hostPort, String path) throws IOException {
        asClient(in, out, hostPort, path, null);
    }

    /**
     * Client side, offering extensions.
     *
     * @param extensions the {@code Sec-WebSocket-Extensions} value to send, or null for none
     * @return the server's {@code Sec-WebSocket-Extensions} answer, "" for none
     */
    static String asClient(InputStream in, OutputStream out, String hostPort, String path, String extensions)
            throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostPort + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "User-Agent: ws-conformance-fuzzer\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Head head = readHead(in);
        if (!head.firstLine().matches("HTTP/1\\.1 101( .*)?")) {
            throw new ProtocolException("expected 101, got: " + head.firstLine());
        }
        if (!head.header("upgrade").equalsIgnoreCase("websocket")
                || !head.header("connection").toLowerCase(Locale.ROOT).contains("upgrade")
                || !head.header("sec-websocket-accept").equals(accept(key))) {
            throw new ProtocolException("bad 101 response headers: " + head.headers());
        }
        return head.header("sec-websocket-extensions");
    }

    /** Server side: reads the client's upgrade request, checks it, answers 101; returns the request target. */
    static String asServer(InputStream in, OutputStream out) throws IOException {
        return asServer(in, out, offers -> null);
    }

    /**
     * Server side, answering extension offers.
     *
     * @param extensions given the client's {@code Sec-WebSocket-Extensions} ("" for none), the answer to send,
     *                   or null for none; an {@link IllegalArgumentException} fails the handshake with 400
     */
    static String asServer(InputStream in, OutputStream out, java.util.function.UnaryOperator<String> extensions)
            throws IOException {
        Head head = readHead(in);
        String[] line = head.firstLine().split(" ");
        String key = head.header("sec-websocket-key");
        String problem = null;
        if (line.length != 3 || !line[0].equals("GET") || !line[2].equals("HTTP/1.1")) {
            problem = "bad request line: " + head.firstLine();
        } else if (head.header("host").isEmpty()) {
            problem = "no Host header";
        } else if (!head.header("upgrade").equalsIgnoreCase("websocket")) {
            problem = "Upgrade header is not websocket";
        } else if (!head.header("connection").toLowerCase(Locale.ROOT).contains("upgrade")) {
            problem = "Connection header lacks upgrade";
        } else if (!head.header("sec-websocket-version").equals("13")) {
            problem = "Sec-WebSocket-Version is not 13";
        } else if (!validKey(key)) {
            problem = "Sec-WebSocket-Key is not 16 bytes in base64: " + key;
        }
        String answer = null;
        if (problem == null) {
            try {
                answer = extensions.apply(head.header("sec-websocket-extensions"));
            } catch (IllegalArgumentException e) {
                problem = "bad Sec-WebSocket-Extensions offer: " + e.getMessage();
            }
        }
        if (problem != null) {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            throw new ProtocolException("client sent a bad opening handshake: " + problem);
        }
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n"
                + (answer == null ? "" : "Sec-WebSocket-Extensions: " + answer + "\r\n")
                + "Server: ws-conformance-fuzzer\r\n\r\n";
        out.write(response.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return line[1];
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads up to the blank line, byte by byte, so that frame bytes behind it stay in the stream. */
    static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String first = null;
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the opening handshake");
            }
            if (++total > MAX_HEAD) {
                throw new ProtocolException("handshake head too long");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                if (first == null) {
                    throw new ProtocolException("empty handshake");
                }
                return new Head(first, headers);
            }
            if (first == null) {
                first = text;
            } else {
                int colon = text.indexOf(':');
                if (colon > 0) {
                    String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = text.substring(colon + 1).trim();
                    headers.merge(name, value, (a, v) -> a + ", " + v);
                }
            }
        }
    }
}
