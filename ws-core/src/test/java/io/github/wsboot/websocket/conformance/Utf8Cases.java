package io.github.wsboot.websocket.conformance;

import static io.github.wsboot.websocket.conformance.ExpectedClose.byEndpoint;
import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzer;
import static io.github.wsboot.websocket.conformance.Frame.CONTINUATION;
import static io.github.wsboot.websocket.conformance.Frame.TEXT;
import static io.github.wsboot.websocket.conformance.Steps.closeAfter;
import static io.github.wsboot.websocket.conformance.Steps.killAfter;
import static io.github.wsboot.websocket.conformance.Steps.later;
import static io.github.wsboot.websocket.conformance.Steps.send;
import static io.github.wsboot.websocket.conformance.Steps.sendMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.github.wsboot.websocket.conformance.Utf8Sequences.Group;
import io.github.wsboot.websocket.conformance.Utf8Sequences.Vector;

/**
 * Autobahn section 6: text messages that are valid UTF-8 must be echoed, invalid ones must fail the connection
 * with 1007, and fail it fast: at the first byte that cannot start or continue a valid sequence.
 */
final class Utf8Cases {

    static final int INVALID_PAYLOAD = 1007;

    static final String NOT_FAIL_FAST = "NON-STRICT per Autobahn: the invalid UTF-8 was only rejected when the rest "
            + "of the message arrived, not at the first invalid octet (no fail-fast).";

    private static final byte[] MIXED = Bytes.utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!");
    /** κόσμε, then U+D800 encoded (an invalid surrogate), then "edited". */
    private static final byte[] SURROGATE_INSIDE = Bytes.hex("cebae1bdb9cf83cebcceb5eda080656469746564");
    /** κόσμε, then F4 90 80 80 (above U+10FFFF, invalid at its second octet), then "edited". */
    private static final byte[] PART1 = Bytes.hex("cebae1bdb9cf83cebcceb5");

    private static final byte[] PART2 = Bytes.hex("f4908080");
    private static final byte[] PART3 = Bytes.hex("656469746564");

    private Utf8Cases() {}

    static List<CaseSpec> all() {
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(echo("6.1.1", "Send text message of length 0", new byte[0], send(Frame.of(TEXT))));
        cases.add(echo(
                "6.1.2",
                "Send fragmented text message, 3 fragments each of length 0",
                new byte[0],
                send(Frame.of(TEXT).notFinal(), Frame.of(CONTINUATION).notFinal(), Frame.of(CONTINUATION))));
        cases.add(echo(
                "6.1.3",
                "Send fragmented text message, 3 fragments, first and last of length 0",
                Bytes.utf8("middle frame payload"),
                send(
                        Frame.of(TEXT).notFinal(),
                        Frame.of(CONTINUATION, "middle frame payload").notFinal(),
                        Frame.of(CONTINUATION))));
        cases.add(echo("6.2.1", "Send valid UTF-8 text message in one fragment", MIXED, sendMessage(MIXED, false, 0)));
        int split = new String(MIXED, java.nio.charset.StandardCharsets.UTF_8).indexOf("\u00fc");
        byte[] head = Bytes.utf8(new String(MIXED, java.nio.charset.StandardCharsets.UTF_8).substring(0, split));
        byte[] tail = Arrays.copyOfRange(MIXED, head.length, MIXED.length);
        cases.add(echo(
                "6.2.2",
                "Send valid UTF-8 text message in two fragments, split on a code point boundary",
                MIXED,
                send(Frame.of(TEXT, head).notFinal(), Frame.of(CONTINUATION, tail))));
        cases.add(echo(
                "6.2.3", "Send valid UTF-8 text message in fragments of 1 octet", MIXED, sendMessage(MIXED, false, 1)));
        cases.add(echo(
                "6.2.4",
                "Send valid UTF-8 text message (κόσμε) in fragments of 1 octet",
                Utf8Sequences.KOSME,
                sendMessage(Utf8Sequences.KOSME, false, 1)));
        cases.add(invalid(
                "6.3.1",
                "Send invalid UTF-8 text message unfragmented",
                SURROGATE_INSIDE,
                sendMessage(SURROGATE_INSIDE, false, 0)));
        cases.add(invalid(
                "6.3.2",
                "Send invalid UTF-8 text message in fragments of 1 octet",
                SURROGATE_INSIDE,
                sendMessage(SURROGATE_INSIDE, false, 1)));
        cases.addAll(failFast());
        cases.addAll(vectors());
        return cases;
    }

    /**
     * 6.4.x: an invalid message arrives in three parts a second apart; the endpoint must fail the connection
     * within a second of the part that makes it invalid. 6.4.1/2 send the parts as frames, 6.4.3/4 as pieces
     * of one frame; 6.4.2/4 cut right after the octet that is invalid.
     */
    private static List<CaseSpec> failFast() {
        byte[] all = Bytes.concat(PART1, PART2, PART3);
        byte[][] byCodePoint = {PART1, PART2, PART3};
        byte[][] byOctet = {
            Arrays.copyOf(all, 12), Arrays.copyOfRange(all, 12, 13), Arrays.copyOfRange(all, 13, all.length)
        };
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(failFastCase("6.4.1", "in 3 frames", byCodePoint, false));
        cases.add(failFastCase("6.4.2", "in 3 frames, the 2nd frame being just the invalid octet", byOctet, false));
        cases.add(failFastCase("6.4.3", "in 3 chops of one frame", byCodePoint, true));
        cases.add(failFastCase(
                "6.4.4", "in 3 chops of one frame, the 2nd chop being just the invalid octet", byOctet, true));
        return cases;
    }

    private static CaseSpec failFastCase(String id, String how, byte[][] parts, boolean oneFrame) {
        int total = parts[0].length + parts[1].length + parts[2].length;
        CaseSpec.Script first;
        CaseSpec.Script second;
        CaseSpec.Script third;
        if (oneFrame) {
            first = run -> {
                run.peer().beginFrame(TEXT, total);
                run.peer().sendFrameData(parts[0]);
            };
            second = run -> run.peer().sendFrameData(parts[1]);
            third = run -> {
                run.peer().sendFrameData(parts[2]);
                run.peer().endMessage();
            };
        } else {
            first = send(Frame.of(TEXT, parts[0]).notFinal());
            second = send(Frame.of(CONTINUATION, parts[1]).notFinal());
            third = send(Frame.of(CONTINUATION, parts[2]));
        }
        return CaseSpec.builder(
                        id,
                        "Send invalid UTF-8 text message " + how + ", waiting 1 s between the parts: 0x" + hex(parts[0])
                                + " | 0x" + hex(parts[1]) + " | 0x" + hex(parts[2]),
                        "The first part is accepted; the endpoint fails the connection (1007) within 1 s of the "
                                + "second part, the one that makes it invalid")
                .expect(Event.timeout("A"))
                .tolerate(NOT_FAIL_FAST, Event.timeout("A"), Event.timeout("B"))
                .close(byEndpoint(INVALID_PAYLOAD).fatalIfWrongEndpoint())
                .does(first, later(1, "A", Steps.sequence(second, later(1, "B", Steps.sequence(third, killAfter(1))))))
                .build();
    }

    /** 6.5–6.23: one case per vector of {@link Utf8Sequences}, sent as one text frame. */
    private static List<CaseSpec> vectors() {
        List<CaseSpec> cases = new ArrayList<>();
        List<Group> groups = Utf8Sequences.groups();
        for (int i = 0; i < groups.size(); i++) {
            List<Vector> vectors = groups.get(i).vectors();
            for (int j = 0; j < vectors.size(); j++) {
                Vector v = vectors.get(j);
                String id = "6." + (5 + i) + "." + (j + 1);
                String description = groups.get(i).title() + ": send text message with "
                        + (v.valid() ? "valid" : "invalid") + " UTF-8 payload 0x" + shortHex(v.bytes());
                CaseSpec.Builder b = CaseSpec.builder(
                        id,
                        description,
                        v.valid()
                                ? "The message is echoed"
                                : "The endpoint fails the connection at once: the payload is not valid UTF-8");
                if (v.valid()) {
                    b.expect(Event.text(v.bytes())).close(byFuzzer(FramingCases.NORMAL));
                } else {
                    b.expect().close(byEndpoint(INVALID_PAYLOAD).fatalIfWrongEndpoint());
                }
                cases.add(
                        b.does(sendMessage(v.bytes(), false, 0), killAfter(0.5)).build());
            }
        }
        return cases;
    }

    private static CaseSpec echo(String id, String description, byte[] payload, CaseSpec.Script send) {
        return CaseSpec.builder(id, description, "The message is echoed; clean close with normal code")
                .expect(Event.text(payload))
                .close(byFuzzer(FramingCases.NORMAL))
                .does(send, closeAfter(1))
                .build();
    }

    private static CaseSpec invalid(String id, String description, byte[] payload, CaseSpec.Script send) {
        return CaseSpec.builder(
                        id,
                        description + ": 0x" + hex(payload),
                        "The endpoint fails the connection at once (1007): the payload is not valid UTF-8")
                .expect()
                .close(byEndpoint(INVALID_PAYLOAD).fatalIfWrongEndpoint())
                .does(send, killAfter(1))
                .build();
    }

    /** Hex of at most 24 octets, so that test names stay readable. */
    private static String shortHex(byte[] b) {
        return b.length <= 24 ? hex(b) : hex(Arrays.copyOf(b, 24)) + "… (" + b.length + " octets)";
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
