package io.github.wsboot.websocket.conformance;

import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzer;
import static io.github.wsboot.websocket.conformance.Frame.BINARY;
import static io.github.wsboot.websocket.conformance.Frame.CONTINUATION;
import static io.github.wsboot.websocket.conformance.Frame.TEXT;
import static io.github.wsboot.websocket.conformance.Steps.closeAfter;
import static io.github.wsboot.websocket.conformance.Steps.killAfter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn sections 9 (limits and performance: messages up to 16 MiB, many small frames, chopped writes,
 * round trips) and 10 (auto-fragmentation). Autobahn gives these cases 10 to 1000 seconds; on a 2-core box
 * shared with a servlet container, each of ours has a 60 s budget, which the largest need a few seconds of.
 * Unlike Autobahn, which only checks the length ("FIXME: check actual content"), we check every octet.
 */
final class LimitCases {

    private static final int NORMAL = FramingCases.NORMAL;
    private static final Duration BUDGET = Duration.ofSeconds(60);
    private static final byte[] TEXT_PATTERN = Bytes.utf8("BAsd7&jh23");
    private static final byte[] BINARY_PATTERN = Bytes.hex("00fe23faf0");
    private static final byte[] STAR = {'*'};
    private static final byte[] FE = {(byte) 0xfe};

    private LimitCases() {}

    static List<CaseSpec> all() {
        List<CaseSpec> cases = new ArrayList<>();
        int[] sizes = {64 << 10, 256 << 10, 1 << 20, 4 << 20, 8 << 20, 16 << 20};
        int[] textWait = {10, 10, 100, 100, 100, 100};
        int[] binaryWait = {10, 10, 10, 10, 100, 100};
        for (int i = 0; i < sizes.length; i++) {
            cases.add(single("9.1." + (i + 1), false, sizes[i], 0, textWait[i]));
        }
        for (int i = 0; i < sizes.length; i++) {
            cases.add(single("9.2." + (i + 1), true, sizes[i], 0, binaryWait[i]));
        }
        int[] fragments = {64, 256, 1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20, 4 << 20};
        for (int i = 0; i < fragments.length; i++) {
            cases.add(fragmented("9.3." + (i + 1), false, fragments[i]));
        }
        for (int i = 0; i < fragments.length; i++) {
            cases.add(fragmented("9.4." + (i + 1), true, fragments[i]));
        }
        int[] chops = {64, 128, 256, 512, 1024, 2048};
        for (int i = 0; i < chops.length; i++) {
            cases.add(single("9.5." + (i + 1), false, 1 << 20, chops[i], 1000));
        }
        for (int i = 0; i < chops.length; i++) {
            cases.add(single("9.6." + (i + 1), true, 1 << 20, chops[i], 1000));
        }
        int[][] roundTrips = {{0, 60}, {16, 60}, {64, 60}, {256, 120}, {1024, 240}, {4096, 480}};
        for (int i = 0; i < roundTrips.length; i++) {
            cases.add(roundTrips("9.7." + (i + 1), false, roundTrips[i][0], 1000, roundTrips[i][1]));
        }
        for (int i = 0; i < roundTrips.length; i++) {
            cases.add(roundTrips("9.8." + (i + 1), true, roundTrips[i][0], 1000, roundTrips[i][1]));
        }
        cases.add(autoFragmented());
        return cases;
    }

    /** 9.1, 9.2, 9.5, 9.6: one message in one frame, its payload a pattern repeated, maybe written in chops. */
    private static CaseSpec single(String id, boolean binary, int length, int chopsize, int waitSecs) {
        byte[] pattern = binary ? BINARY_PATTERN : TEXT_PATTERN;
        Frame frame = Frame.of(binary ? BINARY : TEXT, pattern).repeatTo(length);
        return echoed(
                id,
                "Send " + kind(binary) + " message with payload of length " + size(length)
                        + (chopsize > 0 ? ", written in chops of " + chopsize + " octets" : ""),
                binary,
                length,
                pattern,
                waitSecs,
                run -> run.peer().sendFrame(chopsize > 0 ? frame.chop(chopsize) : frame));
    }

    /** 9.3, 9.4: a 4 MiB message in frames of {@code fragmentSize}. */
    private static CaseSpec fragmented(String id, boolean binary, int fragmentSize) {
        int length = 4 << 20;
        byte[] pattern = binary && fragmentSize != length ? FE : STAR;
        return echoed(
                id,
                "Send fragmented " + kind(binary) + " message with payload of length " + size(length)
                        + " in fragments of " + size(fragmentSize),
                binary,
                length,
                pattern,
                100,
                run -> run.peer().sendMessage(Bytes.repeatTo(pattern, length), binary, fragmentSize));
    }

    private static CaseSpec echoed(
            String id,
            String description,
            boolean binary,
            int length,
            byte[] pattern,
            int waitSecs,
            CaseSpec.Script send) {
        return CaseSpec.builder(id, description, "The message is echoed with the same type and payload")
                .close(byFuzzer(NORMAL))
                .budget(BUDGET)
                .does(
                        run -> run.behavior(Outcome.FAILED, "Did not receive message within " + waitSecs + " seconds."),
                        send,
                        closeAfter(waitSecs))
                .onMessage((run, data, isBinary) -> {
                    String problem = compare(binary, length, pattern, data, isBinary);
                    run.behavior(
                            problem == null ? Outcome.OK : Outcome.FAILED,
                            problem == null
                                    ? "Received " + kind(binary) + " message of length " + length + "."
                                    : problem);
                    run.peer().sendClose(NORMAL, null);
                })
                .build();
    }

    /** 9.7, 9.8: {@code count} messages of {@code length} octets, each sent when the previous one came back. */
    private static CaseSpec roundTrips(String id, boolean binary, int length, int count, int waitSecs) {
        byte[] pattern = binary ? FE : STAR;
        Frame frame = Frame.of(binary ? BINARY : TEXT, pattern).repeatTo(length);
        return CaseSpec.builder(
                        id,
                        "Send " + count + " " + kind(binary) + " messages of payload size " + length
                                + ", one at a time, to measure round-trip latency",
                        "Every message is echoed with the same type and payload, within " + waitSecs + " s")
                .close(byFuzzer(NORMAL))
                .budget(BUDGET)
                .does(run -> {
                    run.behavior(Outcome.FAILED, "Case did not finish within " + waitSecs + " seconds.");
                    run.peer().closeAfter(waitSecs);
                    run.incrementCounter();
                    run.peer().sendFrame(frame);
                })
                .onMessage((run, data, isBinary) -> {
                    String problem = compare(binary, length, pattern, data, isBinary);
                    if (problem != null) {
                        run.behavior(Outcome.FAILED, problem);
                        run.peer().sendClose(NORMAL, null);
                    } else if (run.incrementCounter() <= count) {
                        run.peer().sendFrame(frame);
                    } else {
                        run.behavior(Outcome.OK, "Ok, received all echoed messages in time.");
                        run.peer().sendClose(NORMAL, null);
                    }
                })
                .build();
    }

    /** 10.1.1: a 64 KiB text message auto-fragmented into 1300-octet frames: 1 text + 50 continuations. */
    private static CaseSpec autoFragmented() {
        int length = 65536;
        int fragment = 1300;
        byte[] payload = Bytes.repeat('*', length);
        return CaseSpec.builder(
                        "10.1.1",
                        "Send text message with payload of length 65536 auto-fragmented into "
                                + "frames of 1300 octets",
                        "The message is echoed; the fuzzer sent the expected frame counts; clean close with normal code")
                .expect(Event.text(payload))
                .close(byFuzzer(NORMAL))
                .does(
                        run -> run.peer().autoFragmentSize(fragment),
                        run -> run.peer().sendMessage(payload, false, 0),
                        killAfter(10))
                .verdict((run, facts) -> {
                    int continuations = run.peer().framesSent(CONTINUATION);
                    int texts = run.peer().framesSent(TEXT);
                    if (continuations != length / fragment || texts != 1) {
                        run.behavior(
                                Outcome.FAILED,
                                "Frames transmitted {0: " + continuations + ", 1: " + texts
                                        + "} do not match the expected {0: " + length / fragment + ", 1: 1}.");
                    }
                })
                .build();
    }

    /** Why {@code data} is not the expected echo, or null when it is. */
    private static String compare(boolean binary, int length, byte[] pattern, byte[] data, boolean isBinary) {
        if (isBinary != binary) {
            return "Expected " + kind(binary) + " message, but got " + kind(isBinary) + ".";
        }
        if (data.length != length) {
            return "Expected " + kind(binary) + " message with payload of length " + length + ", but got " + data.length
                    + ".";
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] != pattern[i % pattern.length]) {
                return "Echoed payload differs from what was sent at octet " + i + ".";
            }
        }
        return null;
    }

    private static String kind(boolean binary) {
        return binary ? "binary" : "text";
    }

    private static String size(int n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return Integer.toString(n);
    }
}
