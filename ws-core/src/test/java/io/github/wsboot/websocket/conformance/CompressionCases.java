package io.github.wsboot.websocket.conformance;

import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn sections 12 (permessage-deflate with five kinds of payload, default offer) and 13 (the JSON payload
 * with seven parameter offers): 18 message sizes, counts and fragmentations each, 216 cases. The fuzzing peer
 * sends a message, waits for its echo, compares it octet by octet (Autobahn compares SHA-1s) and sends the
 * next, compressing and decompressing with its own {@link DeflateCodec}.
 *
 * <p>Autobahn sends 1000 messages per case, up to 128 KiB each: about 11 GB through four deflate passes per
 * role, which takes an hour on a shared 2-core box. Unless {@code -Dws.conformance.deflate.full=true}, a case
 * sends at most {@link #BUDGET_BYTES} of payload: all 1000 messages up to 4 KiB, fewer above (32 of 128 KiB).
 * Every case keeps its size, fragmentation, data and offers; the description says when the count is cut.
 */
final class CompressionCases {

    private static final int NORMAL = FramingCases.NORMAL;
    /** Payload per case when the counts are cut; above 4 KiB per message, the count shrinks to fit. */
    static final long BUDGET_BYTES = 4L << 20;

    private static final boolean FULL = Boolean.getBoolean("ws.conformance.deflate.full");
    private static final Duration BUDGET = Duration.ofSeconds(FULL ? 900 : 60);

    /** Autobahn's MSG_SIZES: payload length, message count, case timeout (s), auto-fragment size. */
    private static final int[][] MSG_SIZES = {
        {16, 1000, 60, 0},
        {64, 1000, 60, 0},
        {256, 1000, 120, 0},
        {1024, 1000, 240, 0},
        {4096, 1000, 480, 0},
        {8192, 1000, 480, 0},
        {16384, 1000, 480, 0},
        {32768, 1000, 480, 0},
        {65536, 1000, 480, 0},
        {131072, 1000, 480, 0},
        {8192, 1000, 480, 256},
        {16384, 1000, 480, 256},
        {32768, 1000, 480, 256},
        {65536, 1000, 480, 256},
        {131072, 1000, 480, 256},
        {131072, 1000, 480, 1024},
        {131072, 1000, 480, 4096},
        {131072, 1000, 480, 32768},
    };

    /** Autobahn's order of the data sets in section 12 (its dict order, as its reports list them). */
    private static final CompressionData[] SECTION_12 = {
        CompressionData.JSON, CompressionData.LENA, CompressionData.FAUST, CompressionData.HTML, CompressionData.PDF
    };

    /** Autobahn's descriptions of its server accepts, {@code accept1}..{@code accept7}. */
    private static final String[] ACCEPT_DESCRIPTIONS = {
        "[(False, 0)]",
        "[(True, 0)]",
        "[(False, 9)]",
        "[(False, 15)]",
        "[(True, 9)]",
        "[(True, 15)]",
        "[(True, 9), (True, 0), (False, 0)]"
    };

    private CompressionCases() {}

    static List<CaseSpec> all() {
        List<CaseSpec> cases = new ArrayList<>();
        EndpointSetup.Deflate defaults = new EndpointSetup.Deflate(
                EndpointSetup.DEFLATE, List.of(DeflateOffer.defaults()), DeflateAgreement.accepting(false, 0));
        for (int j = 0; j < SECTION_12.length; j++) {
            for (int i = 0; i < MSG_SIZES.length; i++) {
                cases.add(echoes(
                        "12." + (j + 1) + "." + (i + 1),
                        SECTION_12[j],
                        MSG_SIZES[i],
                        "Use default permessage-deflate offer.",
                        defaults));
            }
        }
        List<EndpointSetup.Deflate> params = section13Params();
        for (int j = 0; j < params.size(); j++) {
            EndpointSetup.Deflate p = params.get(j);
            String offers = "Use permessage-deflate client offers (requestNoContextTakeover, requestMaxWindowBits): "
                    + DeflateOffer.describe(p.clientOffers()) + " / server accept: " + ACCEPT_DESCRIPTIONS[j] + ".";
            for (int i = 0; i < MSG_SIZES.length; i++) {
                cases.add(echoes("13." + (j + 1) + "." + (i + 1), CompressionData.JSON, MSG_SIZES[i], offers, p));
            }
        }
        return cases;
    }

    /**
     * Autobahn's DEFLATE_PARAMS (with window 9: zlib has no 8-bit raw deflate, and Autobahn moved from 8 to 9).
     * The endpoint under test allows context takeover here, so that each offer decides what is agreed.
     */
    private static List<EndpointSetup.Deflate> section13Params() {
        DeflateAgreement.ServerAccept accept1 = DeflateAgreement.accepting(false, 0);
        DeflateAgreement.ServerAccept accept2 = DeflateAgreement.accepting(true, 0);
        DeflateAgreement.ServerAccept accept5 = DeflateAgreement.accepting(true, 9);
        EndpointSetup s = EndpointSetup.DEFLATE_TAKEOVER;
        return List.of(
                new EndpointSetup.Deflate(s, List.of(DeflateOffer.defaults()), accept1),
                new EndpointSetup.Deflate(s, List.of(DeflateOffer.requesting(true, 0)), accept2),
                new EndpointSetup.Deflate(
                        s, List.of(DeflateOffer.requesting(false, 9)), DeflateAgreement.accepting(false, 9)),
                new EndpointSetup.Deflate(
                        s, List.of(DeflateOffer.requesting(false, 15)), DeflateAgreement.accepting(false, 15)),
                new EndpointSetup.Deflate(s, List.of(DeflateOffer.requesting(true, 9)), accept5),
                new EndpointSetup.Deflate(
                        s, List.of(DeflateOffer.requesting(true, 15)), DeflateAgreement.accepting(true, 15)),
                new EndpointSetup.Deflate(
                        s,
                        List.of(
                                DeflateOffer.requesting(true, 9),
                                DeflateOffer.requesting(true, 0),
                                DeflateOffer.defaults()),
                        DeflateAgreement.firstOf(accept5, accept2, accept1)));
    }

    /** How many messages a case sends: Autobahn's count, or fewer to stay within {@link #BUDGET_BYTES}. */
    static int count(int length, int autobahnCount) {
        return FULL ? autobahnCount : (int) Math.min(autobahnCount, BUDGET_BYTES / length);
    }

    /** Autobahn's Case12/13: {@code count} messages of {@code length}, each sent once the previous one came back. */
    private static CaseSpec echoes(
            String id, CompressionData data, int[] size, String offers, EndpointSetup.Deflate deflate) {
        int length = size[0];
        int count = count(length, size[1]);
        int waitSecs = size[2];
        int fragment = size[3];
        String counted = count == size[1] ? Integer.toString(count) : count + " (Autobahn: " + size[1] + ")";
        return CaseSpec.builder(
                        id,
                        "Send " + counted + " compressed messages each of payload size " + length
                                + ", auto-fragment to " + fragment + " octets. " + offers,
                        "Receive echo'ed messages (with payload as sent). Timeout case after " + waitSecs + " secs.")
                .close(byFuzzer(NORMAL))
                .budget(BUDGET)
                .deflate(deflate)
                .does(run -> {
                    if (run.peer().deflateAgreement() == null) {
                        run.behavior(Outcome.FAILED, "permessage-deflate was not negotiated (Autobahn: UNIMPLEMENTED)");
                        run.peer().sendClose(NORMAL, null);
                        return;
                    }
                    run.peer().autoFragmentSize(fragment);
                    run.behavior(Outcome.FAILED, "Case did not finish within " + waitSecs + " seconds.");
                    run.peer().closeAfter(waitSecs);
                    run.state(() -> new Echoes(data, length)).sendOne(run);
                })
                .onMessage((run, msg, binary) -> {
                    Echoes e = run.state(() -> new Echoes(data, length));
                    String problem = e.compare(msg, binary);
                    if (problem != null) {
                        run.behavior(Outcome.FAILED, problem);
                        run.peer().sendClose(NORMAL, null);
                    } else if (e.sent < count) {
                        e.sendOne(run);
                    } else {
                        run.behavior(Outcome.OK, "Ok, received all echo'ed messages in time.");
                        run.peer().sendClose(NORMAL, null);
                    }
                })
                .build();
    }

    /** One run's position in the data and the message it waits for. */
    private static final class Echoes {
        private final CompressionData data;
        private final int length;
        private int position;
        private int sent;
        private byte[] expected;

        Echoes(CompressionData data, int length) {
            this.data = data;
            this.length = length;
        }

        void sendOne(CaseRun run) {
            expected = data.slice(position, length);
            position = (position + length) % data.size();
            sent++;
            run.peer().sendMessage(expected, data.binary(), 0);
        }

        /** Autobahn's checks of an echo, with its wording; null when it is the message sent. */
        String compare(byte[] msg, boolean binary) {
            if (binary != data.binary()) {
                return "Echo'ed message type differs from what I sent (got binary " + binary + ", expected binary "
                        + data.binary() + ").";
            }
            if (msg.length != length) {
                return "Echo'ed message length differs from what I sent (got length " + msg.length
                        + ", expected length " + length + ") in message " + sent + ".";
            }
            int at = java.util.Arrays.mismatch(msg, expected);
            return at < 0
                    ? null
                    : "Echo'ed message contents differs from what I sent (first at octet " + at + " of message " + sent
                            + ").";
        }
    }
}
