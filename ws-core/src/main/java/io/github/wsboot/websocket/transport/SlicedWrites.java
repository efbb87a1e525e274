package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * How the blocking transports over NIO channels and endpoints cut writes: the JDK copies a heap buffer into a
 * temporary direct buffer of its full size (and caches it per thread), and Tomcat copies what the socket does
 * not take at once into buffers of its own, so a large message goes out in slices of {@link #MAX_SLICE}.
 */
final class SlicedWrites {

    /** The largest slice handed to the channel, endpoint or Tomcat per write. */
    static final int MAX_SLICE = 64 * 1024;

    /** Writes all bytes of the buffers (one gathering write where the channel can), blocking until done. */
    @FunctionalInterface
    interface Sink {
        void writeFully(ByteBuffer... buffers) throws IOException;
    }

    private SlicedWrites() {}

    static void write(Sink sink, byte[] buffer, int offset, int length) throws IOException {
        int end = offset + length;
        for (int pos = offset; pos < end; ) {
            int n = Math.min(MAX_SLICE, end - pos);
            sink.writeFully(ByteBuffer.wrap(buffer, pos, n));
            pos += n;
        }
    }

    /** The frame header goes out in one gathering write with as much payload as fits in a slice. */
    static void write(
            Sink sink,
            byte[] first,
            int firstOffset,
            int firstLength,
            byte[] second,
            int secondOffset,
            int secondLength)
            throws IOException {
        if (firstLength >= MAX_SLICE) {
            write(sink, first, firstOffset, firstLength);
            write(sink, second, secondOffset, secondLength);
            return;
        }
        int together = Math.min(secondLength, MAX_SLICE - firstLength);
        sink.writeFully(
                ByteBuffer.wrap(first, firstOffset, firstLength), ByteBuffer.wrap(second, secondOffset, together));
        write(sink, second, secondOffset + together, secondLength - together);
    }
}
