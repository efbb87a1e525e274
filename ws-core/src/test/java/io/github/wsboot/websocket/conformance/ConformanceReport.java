package io.github.wsboot.websocket.conformance;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects the results of one role and renders them: a score line and a per-section table for the test log,
 * and a Markdown report with every case's outcome (and the reason for every non-OK one) in the build folder.
 */
final class ConformanceReport {

    private final String role;
    private final String setup;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<CaseResult> results = new ArrayList<>(); // guarded by lock

    /**
     * @param role  "server" or "client"
     * @param setup one sentence on what was tested and how, for the report's header
     */
    ConformanceReport(String role, String setup) {
        this.role = role;
        this.setup = setup;
    }

    void add(CaseResult result) {
        lock.lock();
        try {
            results.add(result);
        } finally {
            lock.unlock();
        }
    }

    private List<CaseResult> sorted() {
        lock.lock();
        try {
            List<CaseResult> copy = new ArrayList<>(results);
            copy.sort(Comparator.comparing(r -> r.spec().numericId(), java.util.Arrays::compare));
            return copy;
        } finally {
            lock.unlock();
        }
    }

    private static Map<Outcome, Integer> count(List<CaseResult> results) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        results.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        return counts;
    }

    /** For example "server role: 301 cases: 296 OK, 2 NON-STRICT, 3 INFORMATIONAL, 0 FAILED". */
    String scoreLine() {
        List<CaseResult> all = sorted();
        Map<Outcome, Integer> c = count(all);
        return role + " role: " + all.size() + " cases: " + c.get(Outcome.OK) + " OK, " + c.get(Outcome.NON_STRICT)
                + " NON-STRICT, " + c.get(Outcome.INFORMATIONAL) + " INFORMATIONAL, " + c.get(Outcome.FAILED)
                + " FAILED";
    }

    /** The score table for the test log: one row per section, then every case that is not OK. */
    String table() {
        List<CaseResult> all = sorted();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "%n%-9s %6s %6s %11s %14s %7s %9s%n",
                "section", "cases", "OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "time"));
        for (Map.Entry<String, List<CaseResult>> e : bySection(all).entrySet()) {
            Map<Outcome, Integer> c = count(e.getValue());
            long ms = e.getValue().stream().mapToLong(CaseResult::millis).sum();
            sb.append(String.format(
                    "%-9s %6d %6d %11d %14d %7d %7.1fs%n",
                    e.getKey(),
                    e.getValue().size(),
                    c.get(Outcome.OK),
                    c.get(Outcome.NON_STRICT),
                    c.get(Outcome.INFORMATIONAL),
                    c.get(Outcome.FAILED),
                    ms / 1000.0));
        }
        for (CaseResult r : all) {
            if (r.outcome() != Outcome.OK) {
                sb.append(String.format(
                        "  %-8s %-13s %s%n", r.spec().id(), r.outcome().label(), r.reason()));
            }
            if (!r.retryNote().isEmpty()) {
                sb.append(String.format("  %-8s %-13s %s%n", r.spec().id(), "(re-run)", r.retryNote()));
            }
        }
        sb.append(scoreLine()).append(System.lineSeparator());
        return sb.toString();
    }

    private static Map<String, List<CaseResult>> bySection(List<CaseResult> all) {
        Map<String, List<CaseResult>> sections = new LinkedHashMap<>();
        for (CaseResult r : all) {
            sections.computeIfAbsent(r.spec().id().split("\\.")[0], k -> new ArrayList<>())
                    .add(r);
        }
        return sections;
    }

    /** Writes {@code <build folder>/conformance/<role>.md} and returns its path. */
    Path writeMarkdown() throws IOException {
        Path dir = buildFolder().resolve("conformance");
        Files.createDirectories(dir);
        Path file = dir.resolve(role + ".md");
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
        return file;
    }

    String markdown() {
        List<CaseResult> all = sorted();
        StringBuilder md = new StringBuilder();
        md.append("# Autobahn conformance, ").append(role).append(" role\n\n");
        md.append(setup).append("\n\n");
        md.append("**").append(scoreLine()).append("**\n\n");
        md.append("""
                How to read this (the rules follow Autobahn TestSuite's own judgement):

                - **OK / NON-STRICT**: the events the fuzzing peer saw (echoed messages, pongs, timers that fired while \
                the connection was open) equal the case's OK list or its NON-STRICT list. NON-STRICT exists only \
                where the Autobahn case lists it, and every NON-STRICT row says why Autobahn tolerates it.
                - **FAILED**: the events match no list, or the connection did not end the way the case requires \
                (Autobahn's close column: the wrong endpoint closed first, no clean close where one is required, a \
                close code outside the case's list), or the endpoint under test broke the protocol (bad framing, \
                masking, UTF-8 or close payload), which the fuzzing peer checks with its own parser.
                - Autobahn's *FAILED BY CLIENT* (the fuzzing client had to drop TCP, where a clean close is not \
                required) would show as NON-STRICT with that note.
                - **INFORMATIONAL** (7.1.6, 7.13.x): the spec leaves the events open; such a case still fails if \
                the endpoint breaks the protocol, echoes what was not sent, closes with a code outside the case's \
                list, or never finishes the closing handshake.
                - A case that FAILED only after one of the fuzzer's timers acted (the endpoint did not react within \
                Autobahn's 0.5–1 s) is run a second time, since a starved 2-core box can miss those windows; the \
                second attempt counts and the first one is noted in its row.
                - Unlike Autobahn, which checks only their length, the echoes of section 9 are compared octet by octet.
                - Sections 12 and 13 (permessage-deflate): the fuzzing peer offers (server role) or answers \
                (client role) exactly as the Autobahn case does, and compresses and inflates with its own \
                `java.util.zip` code. Section 12 runs against the endpoint with `enableCompression(true)` alone (no \
                context takeover), section 13 with `compressionContextTakeover(true)` too, so that each offer \
                decides what is agreed. Every echo is compared octet by octet (Autobahn compares SHA-1s). Beyond \
                Autobahn, the fuzzer checks the endpoint's side of the agreement: its inflater is reset per message \
                when the endpoint agreed to no context takeover, and when the endpoint agreed to a window below 15 \
                bits every message is scanned for back-references farther than that window (the JDK inflater's \
                window is fixed at 15 bits, so it could not tell). A response that does not fit the offers (RFC 7692 \
                section 7.1) fails the handshake. The notes column gives the agreement and how much the endpoint \
                compressed. The data are generated stand-ins of the same kind, type and size as Autobahn's files.
                - Autobahn sends 1000 messages in each case of sections 12 and 13; with more than 4 KiB per message \
                that is up to 128 MiB per case and about 11 GB per role, an hour on a shared 2-core box. Those cases \
                send at most 4 MiB here (the description gives the count, such as "32 (Autobahn: 1000)"): the same \
                sizes, fragmentation, data and offers, fewer repetitions. `-Dws.conformance.deflate.full=true` runs \
                Autobahn's counts.

                """);
        md.append("| Section | Cases | OK | NON-STRICT | INFORMATIONAL | FAILED |\n|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<CaseResult>> e : bySection(all).entrySet()) {
            Map<Outcome, Integer> c = count(e.getValue());
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(e.getValue().size())
                    .append(" | ")
                    .append(c.get(Outcome.OK))
                    .append(" | ")
                    .append(c.get(Outcome.NON_STRICT))
                    .append(" | ")
                    .append(c.get(Outcome.INFORMATIONAL))
                    .append(" | ")
                    .append(c.get(Outcome.FAILED))
                    .append(" |\n");
        }
        md.append(
                "\n| Case | Description | Outcome | Endpoint's close frame | Clean | Time (ms) | Reason (non-OK), notes |\n");
        md.append("|---|---|---|---|---|---:|---|\n");
        for (CaseResult r : all) {
            md.append("| ")
                    .append(r.spec().id())
                    .append(" | ")
                    .append(cell(r.spec().description()))
                    .append(" | ")
                    .append(r.outcome().label())
                    .append(" | ")
                    .append(
                            r.remoteCloseCode() == null
                                    ? "—"
                                    : r.remoteCloseCode()
                                            + (r.remoteCloseReason().isEmpty()
                                                    ? ""
                                                    : " " + cell(quote(r.remoteCloseReason()))))
                    .append(" | ")
                    .append(r.wasClean() ? "yes" : "no")
                    .append(" | ")
                    .append(r.millis())
                    .append(" | ")
                    .append(cell(note(r)))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String note(CaseResult r) {
        StringBuilder sb = new StringBuilder(r.outcome() == Outcome.OK ? "" : r.reason());
        for (String more : new String[] {r.retryNote(), r.info()}) {
            if (!more.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(more);
            }
        }
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    /** The Maven build folder ({@code target}, or {@code target-NAME} with -Dws.target): the test classes' parent. */
    private static Path buildFolder() {
        try {
            Path classes = Path.of(ConformanceReport.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return classes.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
