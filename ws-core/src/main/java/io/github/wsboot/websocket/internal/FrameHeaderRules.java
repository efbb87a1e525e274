package io.github.wsboot.websocket.internal;

import org.jspecify.annotations.Nullable;

/**
 * What a frame header can get wrong (RFC 6455 §5.2, §5.5, RFC 7692 §6), in one place for both readers: the
 * blocking {@link MessageReader} and the event engine's frame scanner, which checks each header as it
 * arrives so that a bad frame fails the connection before its payload is buffered.
 */
public final class FrameHeaderRules {

    private FrameHeaderRules() {}

    /**
     * Everything wrong with a header, "; "-separated, or null. The builder is created on the first problem
     * only: this runs for every frame, and a valid frame must not allocate.
     *
     * @param b0                  the header's first byte (FIN, RSV1–3, opcode)
     * @param masked              whether the mask bit was set
     * @param length              the announced payload length (negative when its top bit was set)
     * @param inFragmentedMessage whether a data message was started by a non-final frame and not finished
     * @param compression         whether permessage-deflate was negotiated
     * @param server              whether the reader is the server (frames must then be masked)
     */
    public static @Nullable String problems(
            int b0, boolean masked, long length, boolean inFragmentedMessage, boolean compression, boolean server) {
        int opcode = b0 & WebSocketProtocol.B0_MASK_OPCODE;
        boolean fin = (b0 & WebSocketProtocol.B0_FLAG_FIN) != 0;
        @Nullable StringBuilder problems = null;
        if ((b0 & (WebSocketProtocol.B0_FLAG_RSV2 | WebSocketProtocol.B0_FLAG_RSV3)) != 0) {
            problems = problem(problems, "RSV2 or RSV3 set");
        }
        if ((b0 & WebSocketProtocol.B0_FLAG_RSV1) != 0
                && (!compression
                        || (opcode != WebSocketProtocol.OPCODE_TEXT && opcode != WebSocketProtocol.OPCODE_BINARY))) {
            problems = problem(
                    problems,
                    !compression
                            ? "RSV1 set without a negotiated extension"
                            : "RSV1 set on a continuation or control frame");
        }
        switch (opcode) {
            case WebSocketProtocol.OPCODE_CLOSE, WebSocketProtocol.OPCODE_PING, WebSocketProtocol.OPCODE_PONG -> {
                if (length > WebSocketProtocol.MAX_CONTROL_PAYLOAD) {
                    problems = problem(problems, "control frame payload longer than 125 bytes");
                }
                if (!fin) {
                    problems = problem(problems, "control frame not final");
                }
            }
            case WebSocketProtocol.OPCODE_TEXT, WebSocketProtocol.OPCODE_BINARY -> {
                if (inFragmentedMessage) {
                    problems = problem(problems, "data frame inside a fragmented message");
                }
            }
            case WebSocketProtocol.OPCODE_CONTINUATION -> {
                if (!inFragmentedMessage) {
                    problems = problem(problems, "continuation frame without a message to continue");
                }
            }
            default -> problems = problem(problems, "unknown opcode " + opcode);
        }
        if (masked != server) {
            problems = problem(problems, server ? "client frame not masked" : "server frame masked");
        }
        if (length < 0) {
            problems = problem(problems, "payload length has its most significant bit set");
        }
        return problems == null ? null : problems.toString();
    }

    private static StringBuilder problem(@Nullable StringBuilder problems, String text) {
        return problems == null
                ? new StringBuilder(text)
                : problems.append("; ").append(text);
    }
}
