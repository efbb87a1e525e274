package io.github.wsboot.websocket.conformance;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * One peer's permessage-deflate (RFC 7692 section 7.2) written with {@code java.util.zip} alone, not with the
 * library under test: messages compressed raw with a sync flush and the {@code 00 00 ff ff} tail dropped;
 * received messages inflated with the tail put back.
 *
 * <p>Each direction keeps what was agreed for it. Our compressor starts afresh per message without context
 * takeover; the JDK's fixed 32 KiB window cannot be narrowed, so under a window limit below 15 bits it
 * compresses Huffman-only (no back-references at all). Our decompressor is reset per message when the other
 * side agreed to no context takeover — so a sender that still refers to an earlier message fails to inflate —
 * and, under a window limit below 15 bits, every received message is scanned for back-references farther
 * than the window ({@link DeflateDistances}). Not thread-safe: the fuzzing peer's event thread owns it.
 */
final class DeflateCodec implements AutoCloseable {

    /** The message could not be inflated, or broke the agreed parameters. */
    static final class BadMessageException extends Exception {
        private static final long serialVersionUID = 1L;

        BadMessageException(String message) {
            super(message);
        }
    }

    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean sendNoContextTakeover;
    private final boolean receiveNoContextTakeover;
    private final int receiveWindowBits;
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private byte[] out = new byte[1 << 12];
    private long receivedWire;
    private long receivedInflated;
    private long receivedMessages;
    private long compressedMessages;
    private int farthest;

    /**
     * @param level deflate level of our compressor (Autobahn uses zlib's default, 6; the suite uses 1 to save
     *              time, which changes nothing for the receiver)
     */
    DeflateCodec(
            boolean sendNoContextTakeover,
            int sendWindowBits,
            boolean receiveNoContextTakeover,
            int receiveWindowBits,
            int level) {
        this.sendNoContextTakeover = sendNoContextTakeover;
        this.receiveNoContextTakeover = receiveNoContextTakeover;
        this.receiveWindowBits = receiveWindowBits;
        this.deflater = new Deflater(level, true);
        if (sendWindowBits < 15) {
            deflater.setStrategy(Deflater.HUFFMAN_ONLY);
        }
    }

    /** The codec of one side of {@code agreement}: the fuzzing server's when {@code server}, else the client's. */
    static DeflateCodec of(DeflateAgreement agreement, boolean server, int level) {
        return new DeflateCodec(
                agreement.noContextTakeover(server),
                agreement.maxWindowBits(server),
                agreement.noContextTakeover(!server),
                agreement.maxWindowBits(!server),
                level);
    }

    /** The compressed payload of a whole message, tail removed. */
    byte[] compress(byte[] message) {
        if (sendNoContextTakeover) {
            deflater.reset();
        }
        deflater.setInput(message);
        int n = 0;
        while (true) {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length && deflater.needsInput()) {
                break;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
        }
        if (n < TAIL.length || !Arrays.equals(out, n - 4, n, TAIL, 0, 4)) {
            throw new IllegalStateException("java.util.zip did not end the message with a sync flush");
        }
        return Arrays.copyOf(out, n - TAIL.length);
    }

    /**
     * Inflates one received compressed message (its frames' payloads joined).
     *
     * @throws BadMessageException when it is not valid deflate data under the agreed parameters
     */
    byte[] decompress(byte[] payload) throws BadMessageException {
        if (receiveNoContextTakeover) {
            inflater.reset();
        }
        byte[] input = Arrays.copyOf(payload, payload.length + TAIL.length);
        System.arraycopy(TAIL, 0, input, payload.length, TAIL.length);
        inflater.setInput(input);
        byte[] data = new byte[Math.max(64, payload.length * 4)];
        int n = 0;
        try {
            while (true) {
                int k = inflater.inflate(data, n, data.length - n);
                n += k;
                if (inflater.finished() || inflater.needsInput()) {
                    break;
                }
                if (inflater.needsDictionary()) {
                    throw new BadMessageException("deflate data asks for a preset dictionary");
                }
                if (n == data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
            }
        } catch (DataFormatException e) {
            throw new BadMessageException("invalid deflate data: " + e.getMessage()
                    + (receiveNoContextTakeover ? " (the sender agreed to no context takeover)" : ""));
        }
        if (inflater.finished()) {
            inflater.reset(); // BFINAL ended the sender's stream; its next message starts a new one
        }
        if (receiveWindowBits < 15) {
            checkWindow(input);
        }
        receivedMessages++;
        compressedMessages++;
        receivedWire += payload.length;
        receivedInflated += n;
        return Arrays.copyOf(data, n);
    }

    private void checkWindow(byte[] input) throws BadMessageException {
        DeflateDistances.Scan scan;
        try {
            scan = DeflateDistances.scan(input, input.length);
        } catch (DeflateDistances.MalformedException e) {
            throw new BadMessageException(
                    "deflate data that is not whole blocks ending with the message: " + e.getMessage());
        }
        farthest = Math.max(farthest, scan.maxDistance());
        if (scan.maxDistance() > 1 << receiveWindowBits) {
            throw new BadMessageException("a back-reference " + scan.maxDistance() + " octets back, beyond the agreed "
                    + receiveWindowBits + "-bit window of " + (1 << receiveWindowBits) + " octets");
        }
    }

    /** Counts a message the sender chose to send uncompressed (allowed: RSV1 is per message). */
    void receivedUncompressed(int length) {
        receivedMessages++;
        receivedWire += length;
        receivedInflated += length;
    }

    /** For the report: how much the endpoint compressed, and the window checks made. */
    String summary() {
        String ratio = receivedInflated == 0 ? "n/a" : String.format("%.3f", (double) receivedWire / receivedInflated);
        return "endpoint compressed " + compressedMessages + " of " + receivedMessages + " messages, wire/payload "
                + ratio
                + (receiveWindowBits < 15
                        ? ", farthest back-reference " + farthest + " (window " + (1 << receiveWindowBits) + ")"
                        : "");
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
