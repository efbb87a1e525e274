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

/**
 * Checks the judge, not the library: every case of the catalogue must FAIL against {@link MutantServer}, an
 * endpoint that accepts anything, corrupts every echo and pong, closes with wrong codes and never drops TCP,
 * in the server role and in the client role. The fuzzer's timers run at 30 % of Autobahn's values and four
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
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzzer self-test, " + role + " role: " + cases.size() + " cases against a broken "
                + role + ", " + (cases.size() - passed.size()) + " FAILED as they must");
        assertThat(passed).as("cases that did not fail against a broken " + role).isEmpty();
    }
}
