package io.github.wsboot.websocket.transport;

import java.io.IOException;

/**
 * A native hand-over failed before it committed anything (no 101 sent, the container still owns the request):
 * the connection can be handed over the portable way instead.
 */
public final class NotTakenOverException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String step;

    public NotTakenOverException(String step, Throwable cause) {
        super("websocket: the native hand-over failed at " + step + ": " + cause, cause);
        this.step = step;
    }

    /** The step that failed, a short bounded name such as {@code upgrade-request}. */
    public String step() {
        return step;
    }
}
