package io.github.wsboot.autoconfigure.handler;

import java.io.InputStream;
import java.nio.ByteBuffer;

import io.github.wsboot.websocket.Message;

/** How an {@code @OnMessage} payload parameter receives the message, and which message types it takes. */
enum PayloadKind {
    STRING(true, false),
    JSON(true, false),
    BYTES(false, true),
    BYTE_BUFFER(false, true),
    STREAM(true, true),
    MESSAGE(true, true);

    private final boolean text;
    private final boolean binary;

    PayloadKind(boolean text, boolean binary) {
        this.text = text;
        this.binary = binary;
    }

    boolean acceptsText() {
        return text;
    }

    boolean acceptsBinary() {
        return binary;
    }

    /** The kind for a payload parameter of {@code type}: anything not recognised is bound from JSON. */
    static PayloadKind of(Class<?> type) {
        if (type == String.class) {
            return STRING;
        }
        if (type == byte[].class) {
            return BYTES;
        }
        if (type == ByteBuffer.class) {
            return BYTE_BUFFER;
        }
        if (type == InputStream.class) {
            return STREAM;
        }
        if (type == Message.class) {
            return MESSAGE;
        }
        return JSON;
    }
}
