package io.github.wsboot.websocket.hub;

import io.github.wsboot.websocket.CloseCodes;

/**
 * What a {@link Hub} does when a message would take a connection's {@link SendQueue} over its limits (in
 * bytes or in messages).
 */
public enum OverflowPolicy {

    /** Close the connection with 1008 (policy violation): a client that cannot keep up is not served. */
    TERMINATE_POLICY_VIOLATION(CloseCodes.POLICY_VIOLATION),
    /** Close the connection with 1013 (try again later): the client may reconnect and catch up another way. */
    TERMINATE_TRY_AGAIN_LATER(CloseCodes.TRY_AGAIN_LATER),
    /** Discard the oldest queued messages until the new one fits: the client sees the latest state. */
    DROP_OLDEST(0),
    /** Discard the new message: the client sees a gap after what it already had queued. */
    DROP_NEWEST(0);

    private final int closeCode;

    OverflowPolicy(int closeCode) {
        this.closeCode = closeCode;
    }

    /** Whether overflow closes the connection (rather than dropping messages). */
    public boolean terminates() {
        return closeCode != 0;
    }

    /** The close code sent when overflow terminates the connection; 0 for the drop policies. */
    public int closeCode() {
        return closeCode;
    }

    /** A bounded, lower-case tag value for metrics, such as {@code drop_oldest}. */
    public String tagValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
