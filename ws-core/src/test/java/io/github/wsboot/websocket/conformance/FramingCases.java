package io.github.wsboot.websocket.conformance;

import static io.github.wsboot.websocket.conformance.ExpectedClose.byEndpoint;
import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzer;
import static io.github.wsboot.websocket.conformance.Frame.BINARY;
import static io.github.wsboot.websocket.conformance.Frame.CONTINUATION;
import static io.github.wsboot.websocket.conformance.Frame.PING;
import static io.github.wsboot.websocket.conformance.Frame.PONG;
import static io.github.wsboot.websocket.conformance.Frame.TEXT;
import static io.github.wsboot.websocket.conformance.Steps.closeAfter;
import static io.github.wsboot.websocket.conformance.Steps.killAfter;
import static io.github.wsboot.websocket.conformance.Steps.later;
import static io.github.wsboot.websocket.conformance.Steps.send;
import static io.github.wsboot.websocket.conformance.Steps.sendClose;

import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn sections 1–5: framing, pings and pongs, reserved bits, opcodes, fragmentation. Each case sends
 * the same frames, split and timed the same way, and expects the same events as its Autobahn namesake.
 */
final class FramingCases {

    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;

    /** Autobahn's reason for accepting a connection failed before the valid message ahead of it was echoed. */
    static final String READ_AHEAD = "NON-STRICT per Autobahn: the endpoint failed the connection before echoing the "
            + "valid message that preceded the bad frame (it processed the frames as a batch).";

    private static final String HELLO = "Hello, world!";
    private static final byte[] BYTES_8 = Bytes.hex("00fffefdfcfb00ff");

    private FramingCases() {}

    static List<CaseSpec> all() {
        List<CaseSpec> all = new ArrayList<>();
        all.addAll(section1());
        all.addAll(section2());
        all.addAll(section3());
        all.addAll(section4());
        all.addAll(section5());
        return all;
    }

    /** 1.1.x text and 1.2.x binary echoes at the payload length boundaries 125/126/127 and 65535/65536. */
    static List<CaseSpec> section1() {
        int[] sizes = {0, 125, 126, 127, 128, 65535, 65536, 65536};
        List<CaseSpec> cases = new ArrayList<>();
        for (boolean binary : new boolean[] {false, true}) {
            for (int i = 0; i < sizes.length; i++) {
                int n = sizes[i];
                boolean chopped = i == sizes.length - 1;
                byte[] payload = Bytes.repeat(binary ? 0xfe : '*', n);
                Frame frame = Frame.of(binary ? BINARY : TEXT, payload);
                cases.add(CaseSpec.builder(
                                "1." + (binary ? 2 : 1) + "." + (i + 1),
                                "Send " + (binary ? "binary" : "text") + " message with payload length " + n
                                        + (chopped ? ", written in chops of 997 octets" : ""),
                                "The message is echoed; clean close with normal code")
                        .expect(Event.message(payload, binary))
                        .close(byFuzzer(NORMAL))
                        .does(send(chopped ? frame.chop(997) : frame), killAfter(n >= 65535 ? 10 : 1))
                        .build());
            }
        }
        return cases;
    }

    /** 2.x: pings (answered with the same payload), oversized and fragmented pings, unsolicited pongs. */
    static List<CaseSpec> section2() {
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(ping("2.1", "Send ping without payload", new byte[0], 0));
        cases.add(ping("2.2", "Send ping with small text payload", Bytes.utf8(HELLO), 0));
        cases.add(ping("2.3", "Send ping with small binary (non UTF-8) payload", BYTES_8, 0));
        cases.add(ping("2.4", "Send ping with binary payload of 125 octets", Bytes.repeat(0xfe, 125), 0));
        cases.add(CaseSpec.builder(
                        "2.5",
                        "Send ping with binary payload of 126 octets",
                        "The endpoint fails the connection: control frames carry at most 125 octets")
                .expect()
                .close(byEndpoint(PROTOCOL_ERROR))
                .does(send(Frame.of(PING, Bytes.repeat(0xfe, 126))), killAfter(1))
                .build());
        cases.add(ping(
                "2.6",
                "Send ping with binary payload of 125 octets, written in chops of 1 octet",
                Bytes.repeat(0xfe, 125),
                1));
        cases.add(CaseSpec.builder(
                        "2.7",
                        "Send unsolicited pong without payload, then close",
                        "Nothing in reply to the pong; clean close with normal code")
                .expect()
                .close(byFuzzer(NORMAL))
                .does(send(Frame.of(PONG)), sendClose(NORMAL), closeAfter(1))
                .build());
        cases.add(CaseSpec.builder(
                        "2.8",
                        "Send unsolicited pong with payload, then close",
                        "Nothing in reply to the pong; clean close with normal code")
                .expect()
                .close(byFuzzer(NORMAL))
                .does(send(Frame.of(PONG, "unsolicited pong payload")), sendClose(NORMAL), closeAfter(1))
                .build());
        cases.add(CaseSpec.builder(
                        "2.9",
                        "Send unsolicited pong with payload, then ping with payload",
                        "A pong for the ping only; clean close with normal code")
                .expect(Event.pong("ping payload"))
                .close(byFuzzer(NORMAL))
                .does(send(Frame.of(PONG, "unsolicited pong payload"), Frame.of(PING, "ping payload")), closeAfter(1))
                .build());
        cases.add(tenPings("2.10", 0));
        cases.add(tenPings("2.11", 1));
        return cases;
    }

    private static CaseSpec ping(String id, String description, byte[] payload, int chopsize) {
        Frame ping = Frame.of(PING, payload);
        return CaseSpec.builder(id, description, "A pong with the same payload; clean close with normal code")
                .expect(Event.pong(payload))
                .close(byFuzzer(NORMAL))
                .does(send(chopsize > 0 ? ping.chop(chopsize) : ping), closeAfter(chopsize > 0 ? 2 : 1))
                .build();
    }

    private static CaseSpec tenPings(String id, int chopsize) {
        List<Event> pongs = new ArrayList<>();
        List<Frame> pings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Frame ping = Frame.of(PING, "payload-" + i);
            pings.add(chopsize > 0 ? ping.chop(chopsize) : ping);
            pongs.add(Event.pong("payload-" + i));
        }
        return CaseSpec.builder(
                        id,
                        "Send 10 pings" + (chopsize > 0 ? ", written in chops of 1 octet" : ""),
                        "10 pongs, in order, each with its ping's payload; clean close with normal code")
                .expect(pongs.toArray(Event[]::new))
                .close(byFuzzer(NORMAL))
                .does(send(pings.toArray(Frame[]::new)), closeAfter(3))
                .build();
    }

    /** 3.x: frames with RSV bits set, which no extension negotiated. */
    static List<CaseSpec> section3() {
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(failsAfter(
                "3.1",
                "Send small text message with RSV = 1",
                null,
                Frame.of(TEXT, HELLO).rsv(1)));
        cases.add(failsAfter(
                "3.2",
                "Send small text message, then another with RSV = 2, then ping",
                "",
                Frame.of(TEXT, HELLO).rsv(2)));
        cases.add(failsAfter(
                "3.3",
                "Send small text message, then another with RSV = 3, then ping, each frame " + "in its own write",
                "sync",
                Frame.of(TEXT, HELLO).rsv(3)));
        cases.add(failsAfter(
                "3.4",
                "Send small text message, then another with RSV = 4, then ping, written in " + "chops of 1 octet",
                "chop",
                Frame.of(TEXT, HELLO).rsv(4)));
        cases.add(failsAfter(
                "3.5",
                "Send small binary message with RSV = 5",
                null,
                Frame.of(BINARY, BYTES_8).rsv(5)));
        cases.add(failsAfter(
                "3.6",
                "Send small binary message with RSV = 6",
                null,
                Frame.of(BINARY, HELLO).rsv(6)));
        cases.add(failsAfter(
                "3.7",
                "Send small close with RSV = 7",
                null,
                Frame.of(Frame.CLOSE).rsv(7)));
        return cases;
    }

    /** 4.x: frames with reserved non-control (3–7) and control (11–15) opcodes. */
    static List<CaseSpec> section4() {
        List<CaseSpec> cases = new ArrayList<>();
        for (int group = 1; group <= 2; group++) {
            int base = group == 1 ? 3 : 11;
            String kind = group == 1 ? "non-control" : "control";
            String p = "4." + group + ".";
            cases.add(failsAfter(p + 1, "Send frame with reserved " + kind + " opcode " + base, null, Frame.of(base)));
            cases.add(failsAfter(
                    p + 2,
                    "Send frame with reserved " + kind + " opcode " + (base + 1) + " and non-empty payload",
                    null,
                    Frame.of(base + 1, "reserved opcode payload")));
            cases.add(failsAfter(
                    p + 3,
                    "Send small text message, then frame with reserved " + kind + " opcode " + (base + 2)
                            + ", then ping",
                    "",
                    Frame.of(base + 2)));
            cases.add(failsAfter(
                    p + 4,
                    "Send small text message, then frame with reserved " + kind + " opcode " + (base + 3)
                            + " and non-empty payload, then ping",
                    "",
                    Frame.of(base + 3, HELLO)));
            cases.add(failsAfter(
                    p + 5,
                    "Send small text message, then frame with reserved " + kind + " opcode " + (base + 4)
                            + " and non-empty payload, then ping, written in chops of 1 octet",
                    "chop",
                    Frame.of(base + 4, HELLO)));
        }
        return cases;
    }

    /**
     * A case where the endpoint must fail the connection with 1002 because of {@code bad}. With {@code mode}
     * null the bad frame goes alone; otherwise it is sandwiched between a valid text message (which should be
     * echoed first) and a ping, written as one batch (""), frame by frame ("sync") or in 1-octet chops ("chop").
     */
    private static CaseSpec failsAfter(String id, String description, String mode, Frame bad) {
        CaseSpec.Builder b = CaseSpec.builder(
                        id,
                        description,
                        mode == null
                                ? "The endpoint fails the connection with protocol error (or drops TCP)"
                                : "The message is echoed, then the endpoint fails the connection with protocol error")
                .close(byEndpoint(PROTOCOL_ERROR));
        if (mode == null) {
            return b.expect().does(send(bad), killAfter(1)).build();
        }
        Frame[] frames = mode(mode, Frame.of(TEXT, HELLO), bad, Frame.of(PING));
        return b.expect(Event.text(HELLO))
                .tolerate(READ_AHEAD)
                .does(send(frames), killAfter(1))
                .build();
    }

    /** 5.x: fragmentation, control frames between fragments, continuations without a start. */
    static List<CaseSpec> section5() {
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(failsOn(
                "5.1",
                "Send ping fragmented into 2 fragments",
                Frame.of(PING, "fragment1").notFinal(),
                Frame.of(CONTINUATION, "fragment2")));
        cases.add(failsOn(
                "5.2",
                "Send pong fragmented into 2 fragments",
                Frame.of(PONG, "fragment1").notFinal(),
                Frame.of(CONTINUATION, "fragment2")));
        String[] modes = {"", "sync", "chop"};
        String[] modeText = {"", ", each frame in its own write", ", written in chops of 1 octet"};
        for (int m = 0; m < 3; m++) {
            cases.add(CaseSpec.builder(
                            "5." + (3 + m),
                            "Send text message in 2 fragments" + modeText[m],
                            "The message is echoed; clean close with normal code")
                    .expect(Event.text("fragment1fragment2"))
                    .close(byFuzzer(NORMAL))
                    .does(
                            send(mode(
                                    modes[m],
                                    Frame.of(TEXT, "fragment1").notFinal(),
                                    Frame.of(CONTINUATION, "fragment2"))),
                            closeAfter(1))
                    .build());
        }
        for (int m = 0; m < 3; m++) {
            cases.add(CaseSpec.builder(
                            "5." + (6 + m),
                            "Send text message in 2 fragments with a ping between them" + modeText[m],
                            "A pong, then the echoed message; clean close with normal code")
                    .expect(Event.pong("ping payload"), Event.text("fragment1fragment2"))
                    .close(byFuzzer(NORMAL))
                    .does(
                            send(mode(
                                    modes[m],
                                    Frame.of(TEXT, "fragment1").notFinal(),
                                    Frame.of(PING, "ping payload"),
                                    Frame.of(CONTINUATION, "fragment2"))),
                            closeAfter(1))
                    .build());
        }
        for (int m = 0; m < 3; m++) {
            cases.add(failsOn(
                    "5." + (9 + m),
                    "Send unfragmented text message after a final continuation frame " + "that has nothing to continue"
                            + modeText[m],
                    mode(modes[m], Frame.of(CONTINUATION, "non-continuation payload"), Frame.of(TEXT, HELLO))));
        }
        for (int m = 0; m < 3; m++) {
            cases.add(failsOn(
                    "5." + (12 + m),
                    "Send unfragmented text message after a non-final continuation "
                            + "frame that has nothing to continue" + modeText[m],
                    mode(
                            modes[m],
                            Frame.of(CONTINUATION, "non-continuation payload").notFinal(),
                            Frame.of(TEXT, HELLO))));
        }
        cases.add(CaseSpec.builder(
                        "5.15",
                        "Send text message in 2 fragments, then continuation frame without a "
                                + "message, then text frame",
                        "The first message is echoed, then the endpoint fails the connection with protocol error")
                .expect(Event.text("fragment1fragment2"))
                .tolerate(READ_AHEAD)
                .close(byEndpoint(PROTOCOL_ERROR))
                .does(
                        send(
                                Frame.of(TEXT, "fragment1").notFinal(),
                                Frame.of(CONTINUATION, "fragment2"),
                                Frame.of(CONTINUATION, "fragment3").notFinal(),
                                Frame.of(TEXT, "fragment4")),
                        killAfter(1))
                .build());
        Frame[] twice = new Frame[6];
        Frame[] twiceFinal = new Frame[6];
        for (int i = 0; i < 2; i++) {
            twice[3 * i] = Frame.of(CONTINUATION, "fragment1").notFinal();
            twiceFinal[3 * i] = Frame.of(CONTINUATION, "fragment1");
            twice[3 * i + 1] =
                    twiceFinal[3 * i + 1] = Frame.of(TEXT, "fragment2").notFinal();
            twice[3 * i + 2] = twiceFinal[3 * i + 2] = Frame.of(CONTINUATION, "fragment3");
        }
        cases.add(failsOn(
                "5.16",
                "Send 2 times: non-final continuation without a message, text fragment, final " + "continuation",
                twice));
        cases.add(failsOn(
                "5.17",
                "Send 2 times: final continuation without a message, text fragment, final " + "continuation",
                twiceFinal));
        cases.add(failsOn(
                "5.18",
                "Send text message in 2 fragments, both with the text opcode",
                Frame.of(TEXT, "fragment1").notFinal(),
                Frame.of(TEXT, "fragment2")));
        cases.add(slowFragments("5.19", false));
        cases.add(slowFragments("5.20", true));
        return cases;
    }

    private static CaseSpec failsOn(String id, String description, Frame... frames) {
        return CaseSpec.builder(id, description, "The endpoint fails the connection with protocol error (or drops TCP)")
                .expect()
                .close(byEndpoint(PROTOCOL_ERROR))
                .does(send(frames), killAfter(1))
                .build();
    }

    /** 5.19/5.20: a text message in 5 fragments, sent over a second, with a ping in each half. */
    private static CaseSpec slowFragments(String id, boolean sync) {
        String mode = sync ? "sync" : "";
        return CaseSpec.builder(
                        id,
                        "Send text message in 5 fragments: 2 fragments and a ping, wait 1 s, 2 fragments, "
                                + "a ping and the last fragment" + (sync ? ", each frame in its own write" : ""),
                        "Both pongs as the pings arrive, then the echoed message; clean close with normal code")
                .expect(
                        Event.pong("pongme 1!"),
                        Event.pong("pongme 2!"),
                        Event.text("fragment1fragment2fragment3fragment4fragment5"))
                .close(byFuzzer(NORMAL))
                .does(
                        send(mode(
                                mode,
                                Frame.of(TEXT, "fragment1").notFinal(),
                                Frame.of(CONTINUATION, "fragment2").notFinal(),
                                Frame.of(PING, "pongme 1!"))),
                        later(
                                1,
                                null,
                                Steps.sequence(
                                        send(mode(
                                                mode,
                                                Frame.of(CONTINUATION, "fragment3")
                                                        .notFinal(),
                                                Frame.of(CONTINUATION, "fragment4")
                                                        .notFinal(),
                                                Frame.of(PING, "pongme 2!"),
                                                Frame.of(CONTINUATION, "fragment5"))),
                                        closeAfter(1))))
                .build();
    }

    private static Frame[] mode(String mode, Frame... frames) {
        Frame[] out = frames.clone();
        for (int i = 0; i < out.length; i++) {
            if (mode.equals("sync")) {
                out[i] = out[i].asSync();
            } else if (mode.equals("chop")) {
                out[i] = out[i].chop(1);
            }
        }
        return out;
    }
}
