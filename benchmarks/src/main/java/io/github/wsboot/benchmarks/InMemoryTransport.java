package io.github.wsboot.benchmarks;

import java.io.IOException;
import java.net.SocketAddress;

import io.github.wsboot.websocket.Transport;

/**
 * A transport with no network under it, so that benchmarks measure only the library: reads replay a
 * pre-encoded stream of whole frames forever (wrapping at a frame boundary), writes are copied into a scratch
 * buffer and dropped.
 */
public final class InMemoryTransport implements Transport {

    /** What a kernel send() would cost: one copy into a socket buffer of this size. */
    private static final int SEND_BUFFER = 64 * 1024;

    private final byte[] input;
    private final byte[] sendBuffer = new byte[SEND_BUFFER];
    private int pos;
    private long written;

    /** A transport whose reads loop over {@code input}; an empty input reads end of stream. */
    public InMemoryTransport(byte[] input) {
        this.input = input;
    }

    /** A write-only sink: reads report end of stream. */
    public static InMemoryTransport sink() {
        return new InMemoryTransport(new byte[0]);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (input.length == 0) {
            return -1;
        }
        // Short reads at the wrap point are deliberate: real sockets return partial data too.
        int n = Math.min(length, input.length - pos);
        System.arraycopy(input, pos, buffer, offset, n);
        pos += n;
        if (pos == input.length) {
            pos = 0;
        }
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        // Copy, as a socket would: without it a server's zero-copy large write would cost nothing here and
        // its "bandwidth" would be meaningless.
        while (length > 0) {
            int n = Math.min(length, SEND_BUFFER);
            System.arraycopy(buffer, offset, sendBuffer, 0, n);
            offset += n;
            length -= n;
            written += n;
        }
    }

    public long written() {
        return written;
    }

    @Override
    public SocketAddress localAddress() {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public void close() throws IOException {
        // Nothing to release.
    }
}
