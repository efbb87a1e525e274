package io.github.wsboot.benchmarks.load;

import java.nio.ByteBuffer;

/**
 * Follows the frames a server sends on one connection and counts completed data messages, without copying
 * or looking at payloads: only headers are decoded. Fragmented messages count once, at their final frame.
 * Not thread-safe: one connection, one thread.
 */
final class FrameScanner {

    private final byte[] header = new byte[14];
    private int headerLen;
    private int headerNeed = 2;
    private long payloadLeft;
    private boolean inPayload;
    private boolean fin;
    private int opcode;
    private boolean closeReceived;
    private String violation;

    /** Consumes every byte of {@code in}; returns how many data messages were completed. */
    int feed(ByteBuffer in) {
        int messages = 0;
        while (in.hasRemaining()) {
            if (inPayload) {
                int skip = (int) Math.min(payloadLeft, in.remaining());
                in.position(in.position() + skip);
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    inPayload = false;
                    messages += frameDone();
                }
                continue;
            }
            header[headerLen++] = in.get();
            if (headerLen == 2) {
                int len7 = header[1] & 0x7F;
                headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
                if ((header[1] & 0x80) != 0) {
                    violation = "server sent a masked frame";
                }
            }
            if (headerLen >= 2 && headerLen == headerNeed) {
                messages += headerDone();
            }
        }
        return messages;
    }

    private int headerDone() {
        fin = (header[0] & 0x80) != 0;
        opcode = header[0] & 0x0F;
        int len7 = header[1] & 0x7F;
        long len;
        if (len7 == 126) {
            len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        } else if (len7 == 127) {
            len = 0;
            for (int i = 2; i < 10; i++) {
                len = (len << 8) | (header[i] & 0xFF);
            }
        } else {
            len = len7;
        }
        headerLen = 0;
        headerNeed = 2;
        if (len == 0) {
            return frameDone();
        }
        payloadLeft = len;
        inPayload = true;
        return 0;
    }

    private int frameDone() {
        if (opcode == 8) {
            closeReceived = true;
            return 0;
        }
        return fin && opcode <= 2 ? 1 : 0;
    }

    /** Whether the server sent a close frame. */
    boolean closeReceived() {
        return closeReceived;
    }

    /** What the server did against RFC 6455 that this scanner noticed, or null. */
    String violation() {
        return violation;
    }
}
