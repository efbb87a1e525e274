package io.github.wsboot.websocket.conformance;

/**
 * Autobahn's verdicts for a case (its {@code behavior} column). FAILED also covers what Autobahn reports in
 * its separate close column as FAILED, UNCLEAN or WRONG CODE: we fold both columns into one verdict.
 */
enum Outcome {
    OK("OK"),
    /** Conformant, but not the preferred behaviour; only where the Autobahn case lists it as acceptable. */
    NON_STRICT("NON-STRICT"),
    /** The spec leaves the behaviour open; Autobahn only records what happened. */
    INFORMATIONAL("INFORMATIONAL"),
    FAILED("FAILED");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
