package io.github.wsboot.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.Dialer;

/**
 * Autobahn sections 1–7, 9, 10, 12 and 13 against the library's client: our fuzzing server, writing exact
 * bytes, against {@link Dialer} and a streaming echo loop; sections 12 and 13 with compression enabled (12
 * without, 13 with context takeover: see {@link EndpointSetup}). One test per case, named by its Autobahn id; the score
 * table goes to the log and {@code <build folder>/conformance/client.md}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClientConformanceTest {

    private static final ConformanceReport REPORT = new ConformanceReport(
            "client",
            "Fuzzing server (this project's test code, raw `ServerSocket`, hand-made opening handshake) against "
                    + "`Dialer` + a streaming echo loop (nextReader/nextWriter), loopback. Sections 12 and 13: the "
                    + "`Dialer` offers permessage-deflate (section 12: `enableCompression(true)`, no context takeover; "
                    + "section 13: `compressionContextTakeover(true)` as well), and the fuzzing server answers with "
                    + "the case's Autobahn accept function.");

    private static FuzzingServer fuzzer;

    @BeforeAll
    static void startFuzzer() throws Exception {
        fuzzer = new FuzzingServer();
    }

    @AfterAll
    static void report() throws Exception {
        if (fuzzer != null) {
            fuzzer.close();
        }
        System.out.println(REPORT.table());
        System.out.println("report: " + REPORT.writeMarkdown());
    }

    static List<CaseSpec> cases() {
        return Catalogue.selected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void autobahnCase(CaseSpec spec) {
        CaseResult result = CaseResult.retryOnTimer(() -> fuzzer.run(spec, () -> new DialerClient(spec.setup())));
        REPORT.add(result);
        assertThat(result.outcome()).as("%s: %s", spec.id(), result.reason()).isNotEqualTo(Outcome.FAILED);
    }
}
