package io.github.wsboot.websocket.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Autobahn case as data: its id, description, what the fuzzing peer does when the connection opens, the
 * event lists that count as OK or NON-STRICT, and how the connection must end. The few cases that judge
 * differently (performance, informational) add a message hook or a verdict adjustment.
 */
final class CaseSpec {

    /** What the fuzzing peer does; runs on the peer's event thread. */
    @FunctionalInterface
    interface Script {
        void run(CaseRun run);
    }

    /** Replaces the default message handling (record the message, close when done). */
    @FunctionalInterface
    interface MessageHook {
        void onMessage(CaseRun run, byte[] data, boolean binary);
    }

    /** Adjusts Autobahn's standard judgement after the connection is gone. */
    @FunctionalInterface
    interface Verdict {
        void adjust(CaseRun run, SessionFacts facts);
    }

    private static final Duration DEFAULT_BUDGET = Duration.ofSeconds(15);

    private final String id;
    private final String description;
    private final String expectation;
    private final Map<Outcome, List<Event>> expected;
    private final ExpectedClose close;
    private final Script onOpen;
    private final MessageHook onMessage;
    private final Verdict verdict;
    private final boolean suppressClose;
    private final String nonStrictNote;
    private final Duration budget;
    private final EndpointSetup.Deflate deflate;

    private CaseSpec(Builder b) {
        this.id = b.id;
        this.description = b.description;
        this.expectation = b.expectation;
        this.expected = Collections.unmodifiableMap(new LinkedHashMap<>(b.expected));
        this.close = b.close;
        this.onOpen = b.onOpen;
        this.onMessage = b.onMessage;
        this.verdict = b.verdict;
        this.suppressClose = b.suppressClose;
        this.nonStrictNote = b.nonStrictNote;
        this.budget = b.budget;
        this.deflate = b.deflate;
    }

    static Builder builder(String id, String description, String expectation) {
        return new Builder(id, description, expectation);
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    String expectation() {
        return expectation;
    }

    Map<Outcome, List<Event>> expected() {
        return expected;
    }

    ExpectedClose close() {
        return close;
    }

    Script onOpen() {
        return onOpen;
    }

    MessageHook onMessage() {
        return onMessage;
    }

    Verdict verdict() {
        return verdict;
    }

    boolean suppressClose() {
        return suppressClose;
    }

    /** Why Autobahn accepts this case's NON-STRICT outcome; null when it has none. */
    String nonStrictNote() {
        return nonStrictNote;
    }

    /** Hard limit for one run, well above the case's own timers. */
    Duration budget() {
        return budget;
    }

    /** permessage-deflate offers, answer and endpoint setup; null for a case without compression. */
    EndpointSetup.Deflate deflate() {
        return deflate;
    }

    /** How the endpoint under test must be configured for this case. */
    EndpointSetup setup() {
        return deflate == null ? EndpointSetup.PLAIN : deflate.endpoint();
    }

    /** Sorts ids numerically: "6.10.2" after "6.9.1". */
    int[] numericId() {
        String[] parts = id.split("\\.");
        int[] n = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            n[i] = Integer.parseInt(parts[i]);
        }
        return n;
    }

    /** The display name of the case's test: its Autobahn id and description. */
    @Override
    public String toString() {
        return id + " " + description;
    }

    static final class Builder {
        private final String id;
        private final String description;
        private final String expectation;
        private final Map<Outcome, List<Event>> expected = new LinkedHashMap<>();
        private ExpectedClose close;
        private final List<Script> steps = new ArrayList<>();
        private Script onOpen;
        private MessageHook onMessage;
        private Verdict verdict = (run, facts) -> {};
        private boolean suppressClose;
        private String nonStrictNote;
        private Duration budget = DEFAULT_BUDGET;
        private EndpointSetup.Deflate deflate;

        private Builder(String id, String description, String expectation) {
            this.id = id;
            this.description = description;
            this.expectation = expectation;
        }

        /** The events that make the case OK. */
        Builder expect(Event... events) {
            expected.put(Outcome.OK, List.of(events));
            return this;
        }

        /** The events that make the case NON-STRICT, with Autobahn's reason for tolerating them. */
        Builder tolerate(String note, Event... events) {
            expected.put(Outcome.NON_STRICT, List.of(events));
            this.nonStrictNote = note;
            return this;
        }

        Builder close(ExpectedClose close) {
            this.close = close;
            return this;
        }

        /** Appends steps to run, in order, when the connection opens. */
        Builder does(Script... more) {
            steps.addAll(List.of(more));
            return this;
        }

        Builder onMessage(MessageHook hook) {
            this.onMessage = hook;
            return this;
        }

        Builder verdict(Verdict adjust) {
            this.verdict = adjust;
            return this;
        }

        /** The case sends its own (bad) close frames: no automatic close once the expected events arrived. */
        Builder suppressClose() {
            this.suppressClose = true;
            return this;
        }

        Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        Builder deflate(EndpointSetup.Deflate setup) {
            this.deflate = setup;
            return this;
        }

        CaseSpec build() {
            if (close == null) {
                throw new IllegalStateException(id + ": no expected close");
            }
            List<Script> all = List.copyOf(steps);
            onOpen = run -> all.forEach(s -> s.run(run));
            return new CaseSpec(this);
        }
    }
}
