package io.github.wsboot.websocket.fuzz;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.internal.HttpResponseHead;

/**
 * Fuzz target: the Dialer's parser of the server's handshake response. It may only end in a parsed head,
 * {@link EOFException} or {@link ProtocolException}; a parsed head respects the size bound and the chunk size.
 */
public final class HttpResponseHeadFuzzTarget {

    private static final int MAX_BYTES = 2048;

    private HttpResponseHeadFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) throws IOException {
        int chunk = data.consumeInt(1, 128);
        byte[] wire = data.consumeRemainingAsBytes();
        InputStream in = new ByteArrayInputStream(wire);
        int[] reads = new int[1];
        try {
            HttpResponseHead head = HttpResponseHead.read(in, chunk, MAX_BYTES, () -> reads[0]++);
            if (head.status() < 0 || head.status() > 999) {
                throw new AssertionError("status out of range: " + head.status());
            }
            if (head.rest().length >= chunk) {
                throw new AssertionError("rest holds " + head.rest().length + " bytes, chunk is " + chunk);
            }
            if (wire.length - in.available() - head.rest().length > MAX_BYTES) {
                throw new AssertionError("accepted a head larger than " + MAX_BYTES);
            }
            head.headers().map().forEach((name, values) -> {
                if (name.isEmpty() || values.isEmpty()) {
                    throw new AssertionError("empty header name or value list");
                }
            });
        } catch (EOFException | ProtocolException expected) {
            // refused, with a reason
        }
        if (reads[0] > wire.length / chunk + 2) {
            throw new AssertionError(reads[0] + " reads for " + wire.length + " bytes");
        }
    }
}
