package io.github.wsboot.websocket.conformance;

/**
 * One frame the fuzzing peer sends, exactly as given: any opcode, RSV bits and FIN flag, valid or not
 * (Autobahn's {@code sendFrame}).
 *
 * @param payloadLength when not -1, the payload is repeated (and cut) to this many bytes on the wire
 * @param chopsize      when positive, the frame's bytes go out in writes of this size, one TCP segment each
 * @param sync          whether the frame goes out in its own write, not batched with the frames around it
 */
record Frame(int opcode, byte[] payload, boolean fin, int rsv, int payloadLength, int chopsize, boolean sync) {

    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    static Frame of(int opcode) {
        return of(opcode, new byte[0]);
    }

    static Frame of(int opcode, String payload) {
        return of(opcode, Bytes.utf8(payload));
    }

    static Frame of(int opcode, byte[] payload) {
        return new Frame(opcode, payload, true, 0, -1, 0, false);
    }

    Frame notFinal() {
        return new Frame(opcode, payload, false, rsv, payloadLength, chopsize, sync);
    }

    Frame rsv(int bits) {
        return new Frame(opcode, payload, fin, bits, payloadLength, chopsize, sync);
    }

    Frame repeatTo(int length) {
        return new Frame(opcode, payload, fin, rsv, length, chopsize, sync);
    }

    Frame chop(int size) {
        return new Frame(opcode, payload, fin, rsv, payloadLength, size, sync);
    }

    Frame asSync() {
        return new Frame(opcode, payload, fin, rsv, payloadLength, chopsize, true);
    }

    /** The payload as it goes on the wire (before masking). */
    byte[] wirePayload() {
        return payloadLength < 0 ? payload : Bytes.repeatTo(payload, payloadLength);
    }
}
