package io.github.wsboot.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.github.wsboot.websocket.Transport;

/**
 * An in-memory transport that serves a fixed byte string in reads of at most {@code chunk} bytes (gorilla's
 * {@code iotest.OneByteReader} with chunk 1), then end of stream. It records which arrays reads went into, so
 * that tests can see the buffer-bypass path, and what was written to it.
 */
final class ChunkedTransport implements Transport {

    private final byte[] data;
    private final int chunk;
    private final boolean zeroReads;
    private int pos;
    final List<byte[]> readTargets = new ArrayList<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    boolean closed;

    ChunkedTransport(byte[] data, int chunk) {
        this(data, chunk, false);
    }

    /** @param zeroReads whether every other read returns 0 bytes (a misbehaving stream the reader must tolerate) */
    ChunkedTransport(byte[] data, int chunk, boolean zeroReads) {
        this.data = data;
        this.chunk = chunk;
        this.zeroReads = zeroReads;
    }

    private boolean zeroNext;

    @Override
    public int read(byte[] buffer, int offset, int length) {
        readTargets.add(buffer);
        if (pos == data.length) {
            return -1;
        }
        if (zeroReads) {
            zeroNext = !zeroNext;
            if (zeroNext) {
                return 0;
            }
        }
        int n = Math.min(Math.min(length, chunk), data.length - pos);
        System.arraycopy(data, pos, buffer, offset, n);
        pos += n;
        return n;
    }

    /** Bytes not yet read. */
    int unread() {
        return data.length - pos;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
        written.write(buffer, offset, length);
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
        closed = true;
    }
}
