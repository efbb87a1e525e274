package io.github.wsboot.spring;

import io.github.wsboot.websocket.CloseCodes;

/**
 * How a connection ended, as passed to {@link OnClose} methods.
 *
 * @param code   the close code: the one the peer sent, the one we sent first, or
 *               {@link CloseCodes#ABNORMAL_CLOSURE} (1006) when the connection was lost without a close frame
 * @param reason the close reason, possibly empty
 * @since 0.1.0
 */
public record CloseStatus(int code, String reason) {

    @Override
    public String toString() {
        return reason.isEmpty() ? CloseCodes.describe(code) : CloseCodes.describe(code) + ": " + reason;
    }
}
