package io.github.wsboot.websocket.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a {@link CaseSpec}: the events received so far and Autobahn's two verdicts ({@code behavior},
 * {@code behaviorClose}). Touched only on the fuzzing peer's event thread.
 */
final class CaseRun {

    private final CaseSpec spec;
    private final Peer peer;
    private final List<Event> received = new ArrayList<>();
    private Outcome behavior = Outcome.FAILED;
    private CloseBehavior behaviorClose = CloseBehavior.FAILED;
    private String result = "Actual events differ from any expected.";
    private String resultClose = "TCP connection was dropped without close handshake";
    /** Scratch counter for scripts that count (9.7, 9.8). */
    private int counter;
    /** Scratch state of scripts that need more than a counter (12.x, 13.x); made on first use. */
    private Object state;

    CaseRun(CaseSpec spec, Peer peer) {
        this.spec = spec;
        this.peer = peer;
    }

    Peer peer() {
        return peer;
    }

    CaseSpec spec() {
        return spec;
    }

    void record(Event e) {
        received.add(e);
    }

    /** How many events (messages, pongs, timeouts) have been recorded. */
    int receivedCount() {
        return received.size();
    }

    /** Whether the events so far are the first events of {@code events}. */
    boolean receivedIsPrefixOf(List<Event> events) {
        return received.size() <= events.size() && received.equals(events.subList(0, received.size()));
    }

    int incrementCounter() {
        return ++counter;
    }

    /** This run's script state, made by {@code init} on first use. */
    @SuppressWarnings("unchecked")
    <T> T state(java.util.function.Supplier<T> init) {
        if (state == null) {
            state = init.get();
        }
        return (T) state;
    }

    void behavior(Outcome outcome, String why) {
        this.behavior = outcome;
        this.result = why;
    }

    Outcome behavior() {
        return behavior;
    }

    CloseBehavior behaviorClose() {
        return behaviorClose;
    }

    void behaviorClose(CloseBehavior close, String why) {
        this.behaviorClose = close;
        this.resultClose = why;
    }

    String result() {
        return result;
    }

    String resultClose() {
        return resultClose;
    }

    void onOpen() {
        spec.onOpen().run(this);
    }

    void onMessage(byte[] data, boolean binary) {
        if (spec.onMessage() != null) {
            spec.onMessage().onMessage(this, data, binary);
            return;
        }
        record(Event.message(data, binary));
        finishWhenDone();
    }

    void onPong(byte[] payload) {
        record(Event.pong(payload));
        finishWhenDone();
    }

    /**
     * Autobahn's {@code finishWhenDone}: once the events match every expected list, the fuzzer starts the
     * closing handshake itself, if the case says it should.
     */
    void finishWhenDone() {
        for (List<Event> e : spec.expected().values()) {
            if (!received.equals(e)) {
                return;
            }
        }
        if (spec.close().closedByMe() && !spec.suppressClose()) {
            peer.sendClose(spec.close().codes().get(0), null);
        }
    }

    /** Autobahn's {@code onConnectionLost} judgement, then the case's own adjustment, then ours. */
    CaseResult judge(SessionFacts f, long millis) {
        for (Map.Entry<Outcome, List<Event>> e : spec.expected().entrySet()) {
            if (received.equals(e.getValue())) {
                behavior(e.getKey(), "Actual events match at least one expected.");
                break;
            }
        }
        ExpectedClose want = spec.close();
        if (!f.connectionWasOpen()) {
            behaviorClose(CloseBehavior.FAILED, "The WebSocket opening handshake was never completed!");
        } else if (want.closedByMe() != f.closedByMe()) {
            behaviorClose(
                    CloseBehavior.FAILED,
                    "The connection was failed by the wrong endpoint ("
                            + (f.closedByMe() ? "the fuzzer had to close" : "the endpoint under test closed first")
                            + ")");
        } else if (want.requireClean() && !f.wasClean()) {
            behaviorClose(
                    CloseBehavior.UNCLEAN,
                    "The spec requires the connection to be failed cleanly here (" + f.wasNotCleanReason() + ")");
        } else if (f.remoteCloseCode() != null && !want.codes().contains(f.remoteCloseCode())) {
            behaviorClose(
                    CloseBehavior.WRONG_CODE,
                    "The close code should have been " + want.codes() + " or empty, was " + f.remoteCloseCode());
        } else if (!f.fuzzerIsServer() && f.droppedByMe()) {
            behaviorClose(CloseBehavior.FAILED_BY_CLIENT, "It is preferred that the server close the TCP connection");
        } else {
            behaviorClose(CloseBehavior.OK, "Connection was properly closed");
        }
        if (want.wrongEndpointIsFatal() && want.closedByMe() != f.closedByMe()) {
            behavior(
                    Outcome.FAILED,
                    "The endpoint did not fail the connection itself: it did not detect the invalid payload");
        }
        spec.verdict().adjust(this, f);
        return new CaseResult(
                spec,
                outcome(f),
                behavior,
                behaviorClose,
                reason(f),
                f.remoteCloseCode(),
                f.remoteCloseReason(),
                f.wasClean(),
                millis,
                received.toString());
    }

    /** Both Autobahn columns folded into one verdict: a bad close is a failure of the case. */
    private Outcome outcome(SessionFacts f) {
        if (f.endpointViolation() != null) {
            return Outcome.FAILED;
        }
        if (behavior == Outcome.INFORMATIONAL) {
            return f.timedOut() ? Outcome.FAILED : Outcome.INFORMATIONAL;
        }
        if (behavior == Outcome.FAILED) {
            return Outcome.FAILED;
        }
        return switch (behaviorClose) {
            case FAILED, UNCLEAN, WRONG_CODE -> Outcome.FAILED;
            case FAILED_BY_CLIENT -> Outcome.NON_STRICT;
            case OK, INFORMATIONAL -> behavior;
        };
    }

    private String reason(SessionFacts f) {
        if (f.endpointViolation() != null) {
            return "the endpoint under test broke the protocol: " + f.endpointViolation();
        }
        if (behavior == Outcome.INFORMATIONAL) {
            return f.timedOut()
                    ? "the endpoint never finished the closing handshake; the fuzzer had to kill the connection"
                    : "informational (" + result + "); endpoint close code " + f.remoteCloseCode();
        }
        if (behavior == Outcome.FAILED) {
            return result + " Received " + abbreviate(received.toString()) + ", expected "
                    + abbreviate(spec.expected().toString());
        }
        return switch (behaviorClose) {
            case FAILED, UNCLEAN, WRONG_CODE -> behaviorClose + ": " + resultClose;
            case FAILED_BY_CLIENT -> "Autobahn FAILED BY CLIENT (a warning, not a failure): " + resultClose;
            case OK, INFORMATIONAL -> behavior == Outcome.NON_STRICT ? spec.nonStrictNote() : "";
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
