package io.github.wsboot.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The status line and header fields of an HTTP/1.x response (RFC 9112 sections 4 and 5), read from a blocking
 * stream with a bound on their size. Whatever arrived after the blank line that ends the header block is kept
 * in {@link #rest()}: after a 101 those are the first bytes of the upgraded protocol.
 *
 * <p>Lenient where RFC 9112 allows a recipient to be (a bare LF ends a line, obsolete line folding is joined
 * with a space) and strict where it requires it (whitespace before the colon, a malformed status line).
 */
public final class HttpResponseHead {

    /** Default bound on the status line plus header fields plus the blank line. */
    public static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Runs before each blocking read of the stream (the caller sets the read timeout there). */
    @FunctionalInterface
    public interface BeforeRead {
        void beforeRead() throws IOException;
    }

    private final String statusLine;
    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final byte[] rest;

    private HttpResponseHead(String statusLine, int status, String reason, HttpHeaders headers, byte[] rest) {
        this.statusLine = statusLine;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.rest = rest;
    }

    /** The status line as received, for example {@code HTTP/1.0 407 Proxy Authentication Required}. */
    public String statusLine() {
        return statusLine;
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** The reason phrase, empty when the server sent none. */
    public String reason() {
        return reason;
    }

    /** The header fields, names case-insensitive, values in the order received. */
    public HttpHeaders headers() {
        return headers;
    }

    /** Bytes received after the end of the header block; never null, often empty. */
    public byte[] rest() {
        return rest.clone();
    }

    /**
     * Reads a response head. Each read asks for at most {@code chunkSize} bytes, so {@link #rest()} never holds
     * more than {@code chunkSize - 1} bytes: the caller chooses a size its next reader can take over.
     *
     * @param maxBytes the bound on the head's size, blank line included
     * @throws EOFException when the stream ends before the blank line
     * @throws ProtocolException when the head is larger than {@code maxBytes} or malformed
     */
    public static HttpResponseHead read(InputStream in, int chunkSize, int maxBytes, BeforeRead beforeRead)
            throws IOException {
        if (chunkSize < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("chunkSize and maxBytes must be positive");
        }
        byte[] buf = new byte[Math.min(maxBytes, 4096) + chunkSize];
        int length = 0;
        int scanFrom = 0;
        while (true) {
            if (buf.length - length < chunkSize) {
                buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxBytes + chunkSize));
            }
            beforeRead.beforeRead();
            int n = in.read(buf, length, chunkSize);
            if (n < 0) {
                throw new EOFException(
                        length == 0
                                ? "websocket: server closed the connection without sending an HTTP response"
                                : "websocket: server closed the connection in the middle of the HTTP response headers ("
                                        + length + " bytes received)");
            }
            length += n;
            int end = headEnd(buf, scanFrom, length);
            if (end > maxBytes || (end < 0 && length > maxBytes)) {
                throw new ProtocolException(
                        "websocket: HTTP response header block is larger than " + maxBytes + " bytes");
            }
            if (end >= 0) {
                return parse(buf, end, Arrays.copyOfRange(buf, end, length));
            }
            // A terminator may straddle two reads: rescan the last three bytes.
            scanFrom = Math.max(0, length - 3);
        }
    }

    /**
     * The index just past the blank line that ends the head (LF LF or LF CR LF), or -1 when it has not
     * arrived in {@code buf[from..length)}.
     */
    static int headEnd(byte[] buf, int from, int length) {
        for (int i = from; i < length; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (i + 1 < length && buf[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < length && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /** Parses {@code buf[0..end)}, a complete head that ends with its blank line. */
    static HttpResponseHead parse(byte[] buf, int end, byte[] rest) throws ProtocolException {
        // ISO-8859-1 maps every octet to one char, so obs-text in values survives unchanged.
        String text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        List<String> lines = splitLines(text);
        String statusLine = lines.get(0);
        int status = parseStatus(statusLine);
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";

        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String lastName = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                break; // the blank line
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (lastName == null) {
                    throw new ProtocolException(
                            "websocket: malformed HTTP response: continuation line before any header: " + quote(line));
                }
                // Obsolete line folding: RFC 9112 section 5.2 lets a recipient replace it with a space.
                List<String> values = Objects.requireNonNull(fields.get(lastName), "the previous header was added");
                int last = values.size() - 1;
                values.set(last, (values.get(last) + " " + trimWhitespace(line)).trim());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon)) {
                throw new ProtocolException("websocket: malformed HTTP response header line: " + quote(line));
            }
            String name = line.substring(0, colon);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(trimWhitespace(line.substring(colon + 1)));
            lastName = name;
        }
        return new HttpResponseHead(statusLine, status, reason, HttpHeaders.of(fields, (n, v) -> true), rest);
    }

    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int lf = text.indexOf('\n', start);
            if (lf < 0) {
                lf = text.length();
            }
            int stop = lf > start && text.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            lines.add(text.substring(start, stop));
            start = lf + 1;
        }
        return lines;
    }

    /** HTTP-version SP 3DIGIT [SP reason-phrase]; HTTP-version is "HTTP/" DIGIT "." DIGIT. */
    private static int parseStatus(String line) throws ProtocolException {
        boolean ok = line.length() >= 12
                && line.startsWith("HTTP/")
                && isDigit(line.charAt(5))
                && line.charAt(6) == '.'
                && isDigit(line.charAt(7))
                && line.charAt(8) == ' '
                && isDigit(line.charAt(9))
                && isDigit(line.charAt(10))
                && isDigit(line.charAt(11))
                && (line.length() == 12 || line.charAt(12) == ' ');
        if (!ok) {
            throw new ProtocolException("websocket: malformed HTTP response status line: " + quote(line));
        }
        return Integer.parseInt(line.substring(9, 12));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Whether {@code s[from..to)} is an RFC 9110 token (the grammar of a field name). */
    public static boolean isToken(CharSequence s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static String trimWhitespace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String quote(String line) {
        String shown = line.length() > 100 ? line.substring(0, 100) + "..." : line;
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        return "HTTP/1.1 " + status + " " + reason + " " + headers.map();
    }
}
