package io.github.wsboot.websocket.conformance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * All cases of Autobahn's sections 1–7, 9, 10, 12 and 13, in Autobahn's order: 517 cases, the same list for
 * the server role and the client role. (Autobahn has no sections 8 and 11.)
 */
final class Catalogue {

    private static final List<CaseSpec> ALL = build();

    private Catalogue() {}

    static List<CaseSpec> all() {
        return ALL;
    }

    /**
     * The cases to run: all of them, or those whose id starts with one of the comma-separated prefixes in the
     * system property {@code ws.conformance.cases} (for example {@code -Dws.conformance.cases=6.4,7.1.6}).
     */
    static List<CaseSpec> selected() {
        String filter = System.getProperty("ws.conformance.cases", "").trim();
        if (filter.isEmpty()) {
            return ALL;
        }
        List<String> prefixes = List.of(filter.split("\\s*,\\s*"));
        return ALL.stream()
                .filter(c -> prefixes.stream().anyMatch(p -> c.id().equals(p) || c.id().startsWith(p + ".")))
                .toList();
    }

    private static List<CaseSpec> build() {
        List<CaseSpec> all = new ArrayList<>();
        all.addAll(FramingCases.all());
        all.addAll(Utf8Cases.all());
        all.addAll(CloseCases.all());
        all.addAll(LimitCases.all());
        all.addAll(CompressionCases.all());
        return Collections.unmodifiableList(all);
    }
}
