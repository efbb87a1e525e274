package io.github.wsboot.websocket.conformance;

/**
 * The verdict on one case run.
 *
 * @param reason     why the outcome is not OK (Autobahn's result or close result, or our own check); "" for OK
 * @param timerFired whether one of the fuzzer's timers had to act (kill, close-after, handshake timeouts): the
 *                   endpoint did not react within Autobahn's time, which a starved CPU can cause too
 * @param retryNote  for a case run twice, what the first attempt gave; "" otherwise
 * @param info       facts for the report whatever the outcome (compression: what the endpoint compressed); "" for none
 */
record CaseResult(
        CaseSpec spec,
        Outcome outcome,
        Outcome behavior,
        CloseBehavior behaviorClose,
        String reason,
        Integer remoteCloseCode,
        String remoteCloseReason,
        boolean wasClean,
        long millis,
        String received,
        boolean timerFired,
        String retryNote,
        String info) {

    CaseResult(
            CaseSpec spec,
            Outcome outcome,
            Outcome behavior,
            CloseBehavior behaviorClose,
            String reason,
            Integer remoteCloseCode,
            String remoteCloseReason,
            boolean wasClean,
            long millis,
            String received) {
        this(
                spec,
                outcome,
                behavior,
                behaviorClose,
                reason,
                remoteCloseCode,
                remoteCloseReason,
                wasClean,
                millis,
                received,
                false,
                "",
                "");
    }

    static CaseResult failed(CaseSpec spec, String reason, long millis) {
        return new CaseResult(
                spec, Outcome.FAILED, Outcome.FAILED, CloseBehavior.FAILED, reason, null, "", false, millis, "");
    }

    /**
     * Runs a case, and once more when it FAILED only after one of the fuzzer's timers acted: on a shared
     * 2-core box a starved endpoint can miss Autobahn's half-second windows. A real bug fails both attempts;
     * the first attempt stays in the report.
     */
    static CaseResult retryOnTimer(java.util.function.Supplier<CaseResult> attempt) {
        CaseResult first = attempt.get();
        if (first.outcome() != Outcome.FAILED || !first.timerFired()) {
            return first;
        }
        return attempt.get()
                .withRetryNote("re-run: the first attempt FAILED after a fuzzer timer fired (" + first.reason() + ")");
    }

    CaseResult withTimerFired(boolean fired) {
        return copy(fired, retryNote, info);
    }

    CaseResult withRetryNote(String note) {
        return copy(timerFired, note, info);
    }

    CaseResult withInfo(String facts) {
        return copy(timerFired, retryNote, facts);
    }

    private CaseResult copy(boolean fired, String note, String facts) {
        return new CaseResult(
                spec,
                outcome,
                behavior,
                behaviorClose,
                reason,
                remoteCloseCode,
                remoteCloseReason,
                wasClean,
                millis,
                received,
                fired,
                note,
                facts);
    }
}
