package io.github.wsboot.websocket.conformance;

/**
 * What the fuzzing peer knows about how the connection ended, with Autobahn's field names.
 *
 * @param fuzzerIsServer     whether the fuzzing peer was the server (the client role is under test)
 * @param connectionWasOpen  whether the opening handshake completed
 * @param closedByMe         whether the fuzzing peer sent the first close frame
 * @param failedByMe         whether the fuzzing peer failed the connection (timer or endpoint violation)
 * @param droppedByMe        whether the fuzzing peer dropped TCP
 * @param wasClean           whether close frames went both ways and, with a fuzzing client, the server
 *                           dropped TCP in time
 * @param wasNotCleanReason  why not, when not
 * @param remoteCloseCode    the close code the endpoint under test sent, null for none
 * @param remoteCloseReason  the close reason it sent, "" for none
 * @param timedOut           whether a timer of the fuzzer (kill, close handshake, server drop) had to end the connection
 * @param endpointViolation  the first protocol violation by the endpoint under test, null for none
 */
record SessionFacts(
        boolean fuzzerIsServer,
        boolean connectionWasOpen,
        boolean closedByMe,
        boolean failedByMe,
        boolean droppedByMe,
        boolean wasClean,
        String wasNotCleanReason,
        Integer remoteCloseCode,
        String remoteCloseReason,
        boolean timedOut,
        String endpointViolation) {}
