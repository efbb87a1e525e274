package io.github.wsboot.websocket.fuzz;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.internal.FrameReader;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Fuzz target: {@link FrameReader} over arbitrary bytes, read in chunks of arbitrary size. It may only end in
 * end of stream; payload it returns must be exactly the bytes on the wire, unmasked.
 */
public final class FrameReaderFuzzTarget {

    private static final FrameReader.ReadGuard NO_GUARD = new FrameReader.ReadGuard() {
        @Override
        public void beforeRead() {}

        @Override
        public void afterRead() {}
    };

    private FrameReaderFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws IOException {
        int chunk = data.consumeInt(1, 64);
        int bufferSize = data.consumeInt(0, 512);
        int readSize = data.consumeInt(1, 300);
        byte[] wire = data.consumeRemainingAsBytes();
        FrameReader reader = new FrameReader(MemoryTransport.reading(wire).chunked(chunk), bufferSize, NO_GUARD);
        byte[] dst = new byte[readSize];
        try {
            for (int frames = 0; frames < 10_000; frames++) {
                reader.readHeader();
                long length = reader.payloadLength();
                if (length >= 0 && reader.remaining() != length) {
                    throw new AssertionError("remaining " + reader.remaining() + " != announced " + length);
                }
                if (frames % 2 == 0) {
                    long before = reader.remaining();
                    long got = 0;
                    int n;
                    while ((n = reader.readPayload(dst, 0, dst.length)) > 0) {
                        got += n;
                        Arrays.fill(dst, (byte) 0);
                    }
                    if (before > 0 && got != before) {
                        throw new AssertionError("read " + got + " of " + before + " payload bytes");
                    }
                } else {
                    reader.skipPayload();
                }
            }
        } catch (EOFException expected) {
            // The only way out: the input ends.
        }
    }
}
