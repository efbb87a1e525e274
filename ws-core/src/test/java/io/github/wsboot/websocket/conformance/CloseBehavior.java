package io.github.wsboot.websocket.conformance;

/** Autobahn's verdict on how the connection ended (its {@code behaviorClose} column). */
enum CloseBehavior {
    OK,
    /** The connection was closed by the wrong endpoint, or never opened. */
    FAILED,
    /** The case requires a clean close handshake, and there was none. */
    UNCLEAN,
    /** The endpoint under test sent a close code the case does not allow. */
    WRONG_CODE,
    /** Only for the server role: the fuzzing client had to drop TCP because the server did not. */
    FAILED_BY_CLIENT,
    INFORMATIONAL
}
