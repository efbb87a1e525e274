package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The response head parser, byte by byte: the boundaries a socket read can fall on. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpResponseHeadTest {

    private static HttpResponseHead read(String wire, int chunkSize) throws IOException {
        return HttpResponseHead.read(stream(wire), chunkSize, HttpResponseHead.MAX_HEADER_BYTES, () -> {});
    }

    private static InputStream stream(String wire) {
        return new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parsesStatusHeadersAndKeepsTheBytesAfterTheHead() throws IOException {
        String wire = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nconnection:Upgrade\r\n"
                + "X-Multi: a\r\nx-multi:  b \r\n\r\n\u0081\u0002hi";
        for (int chunk : new int[] {1, 2, 3, 7, 4096}) {
            HttpResponseHead head = read(wire, chunk);
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.reason()).isEqualTo("Switching Protocols");
            assertThat(head.headers().firstValue("CONNECTION")).hasValue("Upgrade");
            assertThat(head.headers().allValues("x-multi")).containsExactly("a", "b");
            byte[] rest = head.rest();
            assertThat(rest.length).as("chunk %d", chunk).isLessThan(chunk);
            assertThat(Arrays.copyOf(new byte[] {(byte) 0x81, 2, 'h', 'i'}, rest.length))
                    .isEqualTo(rest);
        }
        assertThat(read(wire, 4096).rest()).containsExactly(0x81, 2, 'h', 'i');
    }

    @Test
    void readsNoMoreThanOneChunkPerCall() throws IOException {
        AtomicInteger largest = new AtomicInteger();
        InputStream in = new ByteArrayInputStream("HTTP/1.1 200 OK\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                largest.accumulateAndGet(len, Math::max);
                return super.read(b, off, len);
            }
        };
        HttpResponseHead.read(in, 5, HttpResponseHead.MAX_HEADER_BYTES, () -> {});
        assertThat(largest).hasValue(5);
    }

    @Test
    void toleratesBareLineFeedsAFoldedValueAndAMissingReason() throws IOException {
        HttpResponseHead head = read("HTTP/1.0 404\nX-Long: one\n  two\nServer: stub\n\n", 3);
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.reason()).isEmpty();
        assertThat(head.headers().firstValue("X-Long")).hasValue("one two");
        assertThat(head.headers().firstValue("Server")).hasValue("stub");
    }

    @Test
    void rejectsMalformedHeads() {
        assertThatThrownBy(() -> read("HTTP/1.1 101 OK\r\nUpgrade : websocket\r\n\r\n", 64))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("malformed HTTP response header line");
        assertThatThrownBy(() -> read("HTTP/1.1 101 OK\r\nno colon here\r\n\r\n", 64))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH_9.6\r\n\r\n", 64))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("status line");
        assertThatThrownBy(() -> read("HTTP/1.1 1011 Odd\r\n\r\n", 64)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void boundsTheHeadSize() {
        String big = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(20) + "\r\n";
        assertThatThrownBy(() -> HttpResponseHead.read(stream(big), 16, 100, () -> {}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("larger than 100 bytes");
        assertThatThrownBy(() -> HttpResponseHead.read(
                        stream("HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(1000)), 4096, 100, () -> {}))
                .as("no end in sight")
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void endOfStreamIsAnEofException() {
        assertThatThrownBy(() -> read("", 64))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("without sending an HTTP response");
        assertThatThrownBy(() -> read("HTTP/1.1 101 Switching Protocols\r\nUpgr", 64))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("in the middle of the HTTP response headers");
    }

    @Test
    void bodyPrefixFollowsTheFraming() throws IOException {
        HttpResponseHead sized = read("HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\n", 4096);
        assertThat(HttpBodyPrefix.read(sized, stream("nopeEXTRA"), 1024, () -> {}))
                .asString()
                .isEqualTo("nope");

        HttpResponseHead chunked = read("HTTP/1.1 500 Oops\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 4096);
        assertThat(HttpBodyPrefix.read(chunked, stream("3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\nEXTRA"), 1024, () -> {}))
                .asString()
                .isEqualTo("abcde");

        HttpResponseHead untilClose = read("HTTP/1.1 400 Bad\r\n\r\n", 4096);
        assertThat(HttpBodyPrefix.read(untilClose, stream("x".repeat(5000)), 1024, () -> {}))
                .hasSize(1024);

        HttpResponseHead noBody = read("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 4096);
        assertThat(HttpBodyPrefix.read(noBody, stream("0123456789"), 1024, () -> {}))
                .isEmpty();

        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("reset");
            }
        };
        HttpResponseHead partial = read("HTTP/1.1 403 Forbidden\r\nContent-Length: 100\r\n\r\nfirst", 4096);
        assertThat(HttpBodyPrefix.read(partial, failing, 1024, () -> {}))
                .as("what arrived before the error")
                .asString()
                .isEqualTo("first");
    }
}
