package io.github.wsboot.websocket.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the start of a response body after its {@link HttpResponseHead}, honouring the framing RFC 9112
 * section 6.3 defines: none for 1xx, 204 and 304, chunked transfer coding, {@code Content-Length}, or
 * until the connection closes. Used for diagnostics only: it never fails, it returns what it could read.
 */
public final class HttpBodyPrefix {

    private static final int MAX_CHUNK_LINE = 1024;

    private HttpBodyPrefix() {}

    /**
     * Returns up to {@code max} bytes of the body: first from {@link HttpResponseHead#rest()}, then from
     * {@code in}. A read error or timeout ends the body early; the bytes read so far are returned.
     */
    public static byte[] read(HttpResponseHead head, InputStream in, int max, HttpResponseHead.BeforeRead beforeRead) {
        int status = head.status();
        if ((status >= 100 && status < 200) || status == 204 || status == 304 || max <= 0) {
            return new byte[0];
        }
        InputStream body =
                new SequenceInputStream(new ByteArrayInputStream(head.rest()), new GuardedStream(in, beforeRead));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, 1024));
        try {
            if (isChunked(head.headers().allValues("Transfer-Encoding"))) {
                readChunked(body, out, max);
            } else {
                OptionalLong contentLength = contentLength(head.headers().allValues("Content-Length"));
                long limit = contentLength.isPresent() ? Math.min(contentLength.getAsLong(), max) : max;
                copy(body, out, limit);
            }
        } catch (IOException e) {
            // The body only helps debugging: keep what arrived.
        }
        return out.toByteArray();
    }

    private static boolean isChunked(List<String> transferEncodings) {
        if (transferEncodings.isEmpty()) {
            return false;
        }
        String last = transferEncodings.get(transferEncodings.size() - 1);
        String[] codings = last.split(",");
        return AsciiCase.equalsIgnoreCase(codings[codings.length - 1].trim(), "chunked");
    }

    private static OptionalLong contentLength(List<String> values) {
        if (values.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(values.get(0).trim());
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long limit) throws IOException {
        byte[] buf = new byte[1024];
        while (out.size() < limit) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, limit - out.size()));
            if (n < 0) {
                return;
            }
            out.write(buf, 0, n);
        }
    }

    private static void readChunked(InputStream in, ByteArrayOutputStream out, int max) throws IOException {
        while (out.size() < max) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex.toLowerCase(java.util.Locale.ROOT), 16);
            } catch (NumberFormatException e) {
                return;
            }
            if (size <= 0) {
                return;
            }
            copy(in, out, Math.min(max, out.size() + size));
            if (out.size() >= max) {
                return;
            }
            readLine(in); // the CRLF after the chunk data
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (line.size() >= MAX_CHUNK_LINE) {
                throw new IOException("chunk size line too long");
            }
            line.write(c);
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Runs the read hook before each read that would touch the network. */
    private static final class GuardedStream extends InputStream {
        private final InputStream in;
        private final HttpResponseHead.BeforeRead beforeRead;

        GuardedStream(InputStream in, HttpResponseHead.BeforeRead beforeRead) {
            this.in = in;
            this.beforeRead = beforeRead;
        }

        @Override
        public int read() throws IOException {
            beforeRead.beforeRead();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            beforeRead.beforeRead();
            return in.read(b, off, len);
        }
    }
}
