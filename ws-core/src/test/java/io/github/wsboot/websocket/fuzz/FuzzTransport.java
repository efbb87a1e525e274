package io.github.wsboot.websocket.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;

import io.github.wsboot.websocket.Transport;

/**
 * A transport that serves fuzzer input: reads get at most {@code chunk} bytes each (so frame headers straddle
 * reads), then end of stream. What the connection writes is kept, bounded, so a target can check it.
 */
public final class FuzzTransport implements Transport {

    private static final int WRITTEN_LIMIT = 1 << 20;

    private final byte[] data;
    private final int chunk;
    private int pos;
    private volatile boolean closed;
    final ByteArrayOutputStream written = new ByteArrayOutputStream();

    public FuzzTransport(byte[] data, int chunk) {
        this.data = data;
        this.chunk = Math.max(1, chunk);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        if (pos == data.length) {
            return -1;
        }
        int n = Math.min(Math.min(length, chunk), data.length - pos);
        System.arraycopy(data, pos, buffer, offset, n);
        pos += n;
        return n;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("transport closed");
        }
        if (written.size() + length > WRITTEN_LIMIT) {
            throw new IOException("fuzz transport: more than " + WRITTEN_LIMIT + " bytes written");
        }
        written.write(buffer, offset, length);
    }

    boolean closed() {
        return closed;
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
    public void close() {
        closed = true;
    }
}
