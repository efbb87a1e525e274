package io.github.wsboot.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Protocol constants of RFC 6455 in one place, and the few pure helpers that go with them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WebSocketProtocol {

    /** Byte 0: final fragment of a message. */
    public static final int B0_FLAG_FIN = 0x80;
    /** Byte 0: RSV1, used by permessage-deflate (RFC 7692) to mark a compressed message. */
    public static final int B0_FLAG_RSV1 = 0x40;
    /** Byte 0: RSV2, unused by any extension we negotiate. */
    public static final int B0_FLAG_RSV2 = 0x20;
    /** Byte 0: RSV3, unused by any extension we negotiate. */
    public static final int B0_FLAG_RSV3 = 0x10;
    /** Byte 0: the opcode. */
    public static final int B0_MASK_OPCODE = 0x0f;
    /** Byte 1: the payload is masked. */
    public static final int B1_FLAG_MASK = 0x80;
    /** Byte 1: the 7-bit payload length. */
    public static final int B1_MASK_LENGTH = 0x7f;

    public static final int OPCODE_CONTINUATION = 0x0;
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    public static final int OPCODE_PING = 0x9;
    public static final int OPCODE_PONG = 0xa;
    /** Opcodes at or above this value are control frames. */
    public static final int OPCODE_FLAG_CONTROL = 0x8;

    /** Largest length that fits the 7-bit field. */
    public static final int PAYLOAD_SHORT_MAX = 125;
    /** 7-bit length value announcing a 16-bit length. */
    public static final int PAYLOAD_SHORT = 126;
    /** 7-bit length value announcing a 64-bit length. */
    public static final int PAYLOAD_LONG = 127;
    /** Largest length that fits the 16-bit field. */
    public static final int PAYLOAD_MEDIUM_MAX = 0xffff;

    /** Largest payload of a control frame. */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** Largest frame header: 2 + 8 (length) + 4 (mask key). */
    public static final int MAX_HEADER_SIZE = 14;
    /** Largest frame header a server sends (no mask key). */
    public static final int MAX_SERVER_HEADER_SIZE = 10;

    /** GUID that RFC 6455 section 1.3 appends to the key. */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketProtocol() {}

    /** {@code Sec-WebSocket-Accept} for a {@code Sec-WebSocket-Key}: base64(SHA-1(key + GUID)). */
    public static String acceptKey(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /**
     * Whether {@code key} is a valid {@code Sec-WebSocket-Key}: the base64 encoding of 16 bytes.
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Writes a frame header so that it ends just before {@code end} (the payload follows it in the same
     * array) and returns the index of its first byte.
     *
     * @param maskKey the mask key, written when {@code masked}
     */
    public static int writeHeader(byte[] buf, int end, int b0, long payloadLength, boolean masked, int maskKey) {
        int p = end;
        if (masked) {
            p -= 4;
            buf[p] = (byte) (maskKey >>> 24);
            buf[p + 1] = (byte) (maskKey >>> 16);
            buf[p + 2] = (byte) (maskKey >>> 8);
            buf[p + 3] = (byte) maskKey;
        }
        int maskBit = masked ? B1_FLAG_MASK : 0;
        if (payloadLength <= PAYLOAD_SHORT_MAX) {
            buf[--p] = (byte) (maskBit | (int) payloadLength);
        } else if (payloadLength <= PAYLOAD_MEDIUM_MAX) {
            p -= 3;
            buf[p] = (byte) (maskBit | PAYLOAD_SHORT);
            buf[p + 1] = (byte) (payloadLength >>> 8);
            buf[p + 2] = (byte) payloadLength;
        } else {
            p -= 9;
            buf[p] = (byte) (maskBit | PAYLOAD_LONG);
            for (int i = 0; i < 8; i++) {
                buf[p + 1 + i] = (byte) (payloadLength >>> (56 - 8 * i));
            }
        }
        buf[--p] = (byte) b0;
        return p;
    }

    /** Size of the header {@link #writeHeader} writes. */
    public static int headerSize(long payloadLength, boolean masked) {
        int n = payloadLength <= PAYLOAD_SHORT_MAX ? 2 : payloadLength <= PAYLOAD_MEDIUM_MAX ? 4 : 10;
        return masked ? n + 4 : n;
    }

    /** {@code reason} cut to fit a close frame (123 bytes), non-ASCII replaced by '?' when it had to be cut. */
    public static String closeReason(String reason) {
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_CONTROL_PAYLOAD - 2) {
            return reason;
        }
        return new String(bytes, 0, MAX_CONTROL_PAYLOAD - 2, java.nio.charset.StandardCharsets.US_ASCII)
                .replaceAll("[^\\x20-\\x7e]", "?");
    }
}
