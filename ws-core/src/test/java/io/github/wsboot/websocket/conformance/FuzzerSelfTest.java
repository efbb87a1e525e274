package io.github.wsboot.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the judge, not the library: every case of the catalogue must FAIL against {@link MutantServer}, an
 * endpoint that accepts anything, corrupts every echo and pong, closes with wrong codes and never drops TCP,
 * in the server role and in the client role (the compression cases after negotiating compression). And each
 * permessage-deflate check must catch an endpoint that breaks only its rule. The fuzzer's timers run at 30 % of Autobahn's values and four
 * cases run at a time, to keep this short; much shorter timers make a starved mutant look like one that
 * never answers.
 */
class FuzzerSelfTest {

    private static final double TIME_SCALE = 0.3;
    private static final int PARALLEL = 4;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyCaseFailsAgainstABrokenServer() throws Exception {
        try (MutantServer mutant = new MutantServer()) {
            assertEveryCaseFails("server", spec -> FuzzingClient.run(spec, mutant.port(), TIME_SCALE));
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyCaseFailsAgainstABrokenClient() throws Exception {
        // One fuzzing server per worker: a listener must not hand one case's client to another case.
        ThreadLocal<FuzzingServer> fuzzers = ThreadLocal.withInitial(() -> {
            try {
                return new FuzzingServer();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEveryCaseFails("client", spec -> fuzzers.get().run(spec, MutantServer::client, TIME_SCALE));
    }

    /**
     * Each permessage-deflate rule the fuzzer checks with its own code must catch an endpoint that breaks just
     * that rule and echoes correctly otherwise, in both roles: a window wider than agreed (13.3, 13.5, 13.7
     * agree on 9 bits), context kept although the endpoint agreed to none (13.2, 13.6), RSV1 on a continuation.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "WIDE_WINDOW          | 13.3.4,13.5.4,13.7.4 | beyond the agreed 9-bit window",
                "KEEPS_CONTEXT        | 13.2.4,13.6.4        | invalid deflate data",
                "RSV1_ON_CONTINUATION | 12.1.4,13.1.4        | RSV1 set on a continuation frame",
            })
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyDeflateRuleCatchesItsDefect(MutantServer.Defect defect, String ids, String reason) throws Exception {
        List<CaseSpec> cases = Catalogue.all().stream()
                .filter(c -> List.of(ids.split(",")).contains(c.id()))
                .toList();
        assertThat(cases).hasSize(ids.split(",").length);
        List<String> wrong = new ArrayList<>();
        try (MutantServer mutant = new MutantServer(defect);
                FuzzingServer fuzzer = new FuzzingServer()) {
            for (CaseSpec spec : cases) {
                for (CaseResult r : List.of(
                        FuzzingClient.run(spec, mutant.port(), TIME_SCALE),
                        fuzzer.run(spec, () -> MutantServer.client(defect), TIME_SCALE))) {
                    if (r.outcome() != Outcome.FAILED || !r.reason().contains(reason)) {
                        wrong.add(spec.id() + " " + r.outcome().label() + " " + r.reason());
                    }
                }
            }
        }
        assertThat(wrong)
                .as("cases that did not fail with \"%s\" against a %s endpoint", reason, defect)
                .isEmpty();
    }

    private static void assertEveryCaseFails(String role, Function<CaseSpec, CaseResult> runner) throws Exception {
        List<CaseSpec> cases = Catalogue.selected();
        List<String> passed = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<CaseResult>> results = new ArrayList<>();
            for (CaseSpec spec : cases) {
                results.add(pool.submit(() -> runner.apply(spec)));
            }
            for (Future<CaseResult> f : results) {
                CaseResult r = f.get(2, TimeUnit.MINUTES);
                if (r.outcome() != Outcome.FAILED) {
                    passed.add(r.spec().id() + " " + r.outcome().label() + " " + r.reason());
                } else if (r.spec().deflate() != null && r.info().isEmpty()) {
                    // A compression case must fail on what the endpoint sent, not for want of an agreement.
                    passed.add(r.spec().id() + " failed without negotiating compression: " + r.reason());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzzer self-test, " + role + " role: " + cases.size() + " cases against a broken " + role
                + ", " + (cases.size() - passed.size()) + " FAILED as they must");
        assertThat(passed)
                .as("cases that did not fail against a broken " + role)
                .isEmpty();
    }
}
