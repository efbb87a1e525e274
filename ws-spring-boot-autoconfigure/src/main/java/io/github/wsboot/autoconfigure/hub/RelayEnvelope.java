package io.github.wsboot.autoconfigure.hub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A hub message on the Redis channel: the publishing instance, its sequence number (for ordering checks and
 * de-duplication of retried publishes), the topic, the message type and the payload. Binary layout: version
 * byte 1, instance id (16 bytes), sequence (8), type (1), topic length (2) and UTF-8 topic, payload.
 */
record RelayEnvelope(UUID instance, long sequence, String topic, int type, byte[] payload) {

    private static final byte VERSION = 1;
    private static final int FIXED = 1 + 16 + 8 + 1 + 2;

    byte[] encode() {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        if (t.length > 0xFFFF) {
            throw new IllegalArgumentException("hub relay: topic longer than 65535 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(FIXED + t.length + payload.length);
        b.put(VERSION)
                .putLong(instance.getMostSignificantBits())
                .putLong(instance.getLeastSignificantBits())
                .putLong(sequence)
                .put((byte) type)
                .putShort((short) t.length)
                .put(t)
                .put(payload);
        return b.array();
    }

    /** Decodes an envelope; throws IllegalArgumentException for anything else on the channel. */
    static RelayEnvelope decode(byte[] bytes) {
        if (bytes.length < FIXED || bytes[0] != VERSION) {
            throw new IllegalArgumentException("hub relay: not a version " + VERSION + " envelope");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        UUID instance = new UUID(b.getLong(), b.getLong());
        long sequence = b.getLong();
        int type = b.get();
        int topicLength = b.getShort() & 0xFFFF;
        if (b.remaining() < topicLength) {
            throw new IllegalArgumentException("hub relay: truncated envelope");
        }
        byte[] t = new byte[topicLength];
        b.get(t);
        byte[] payload = new byte[b.remaining()];
        b.get(payload);
        return new RelayEnvelope(instance, sequence, new String(t, StandardCharsets.UTF_8), type, payload);
    }
}
