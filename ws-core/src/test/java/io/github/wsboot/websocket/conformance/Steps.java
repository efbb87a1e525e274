package io.github.wsboot.websocket.conformance;

/** Script steps shared by the catalogue: thin wrappers over {@link Peer} so that cases read as data. */
final class Steps {

    private Steps() {}

    static CaseSpec.Script send(Frame... frames) {
        return run -> {
            for (Frame f : frames) {
                run.peer().sendFrame(f);
            }
        };
    }

    static CaseSpec.Script sendMessage(byte[] payload, boolean binary, int fragmentSize) {
        return run -> run.peer().sendMessage(payload, binary, fragmentSize);
    }

    static CaseSpec.Script sendClose(int code) {
        return run -> run.peer().sendClose(code, null);
    }

    static CaseSpec.Script sendClose(int code, String reason) {
        return run -> run.peer().sendClose(code, reason);
    }

    static CaseSpec.Script sendCloseFrame(Integer code, byte[] reason) {
        return run -> run.peer().sendCloseFrame(code, reason);
    }

    static CaseSpec.Script killAfter(double seconds) {
        return run -> run.peer().killAfter(seconds);
    }

    static CaseSpec.Script closeAfter(double seconds) {
        return run -> run.peer().closeAfter(seconds);
    }

    /**
     * Waits, and if the connection is still open by then, records {@code timeout(tag)} and goes on with
     * {@code next} (the fail-fast cases 5.19 and 6.4.x).
     */
    static CaseSpec.Script later(double seconds, String tag, CaseSpec.Script next) {
        return run -> run.peer().continueLater(seconds, () -> {
            if (tag != null) {
                if (!run.peer().isOpen()) {
                    return;
                }
                run.record(Event.timeout(tag));
            }
            next.run(run);
        });
    }

    static CaseSpec.Script sequence(CaseSpec.Script... steps) {
        return run -> {
            for (CaseSpec.Script s : steps) {
                s.run(run);
            }
        };
    }
}
