package io.github.wsboot.websocket.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Something the fuzzing peer observed, in the order it happened: an echoed message, a pong, or a timer that
 * fired while the connection was still open. A case passes when this list equals one of its expected lists.
 */
record Event(Kind kind, byte[] data, boolean binary, String tag) {

    enum Kind {
        MESSAGE,
        PONG,
        TIMEOUT
    }

    static Event text(String payload) {
        return text(payload.getBytes(StandardCharsets.UTF_8));
    }

    static Event text(byte[] payload) {
        return new Event(Kind.MESSAGE, payload, false, null);
    }

    static Event binary(byte[] payload) {
        return new Event(Kind.MESSAGE, payload, true, null);
    }

    static Event message(byte[] payload, boolean binary) {
        return new Event(Kind.MESSAGE, payload, binary, null);
    }

    static Event pong(byte[] payload) {
        return new Event(Kind.PONG, payload, true, null);
    }

    static Event pong(String payload) {
        return pong(payload.getBytes(StandardCharsets.UTF_8));
    }

    static Event timeout(String tag) {
        return new Event(Kind.TIMEOUT, new byte[0], false, tag);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event e
                && kind == e.kind
                && binary == e.binary
                && Objects.equals(tag, e.tag)
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, binary, tag, Arrays.hashCode(data));
    }

    /** A short form for reports: kind, type, length and the first bytes. */
    @Override
    public String toString() {
        return switch (kind) {
            case TIMEOUT -> "timeout(" + tag + ")";
            case PONG -> "pong(" + Bytes.preview(data) + ")";
            case MESSAGE -> (binary ? "binary(" : "text(") + Bytes.preview(data) + ")";
        };
    }
}
