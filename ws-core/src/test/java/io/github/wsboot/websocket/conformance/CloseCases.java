package io.github.wsboot.websocket.conformance;

import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzer;
import static io.github.wsboot.websocket.conformance.ExpectedClose.byFuzzerMayDrop;
import static io.github.wsboot.websocket.conformance.Frame.CONTINUATION;
import static io.github.wsboot.websocket.conformance.Frame.PING;
import static io.github.wsboot.websocket.conformance.Frame.TEXT;
import static io.github.wsboot.websocket.conformance.Steps.killAfter;
import static io.github.wsboot.websocket.conformance.Steps.send;
import static io.github.wsboot.websocket.conformance.Steps.sendClose;
import static io.github.wsboot.websocket.conformance.Steps.sendCloseFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Autobahn section 7: the closing handshake. The fuzzer closes (or sends a bad close frame); the endpoint
 * must answer with a close frame of an allowed code, drop TCP when it is the server, and ignore frames that
 * follow a close. In this section a wrong close code fails the case itself, not only the close column.
 */
final class CloseCases {

    private static final int NORMAL = FramingCases.NORMAL;
    private static final int PROTOCOL_ERROR = FramingCases.PROTOCOL_ERROR;
    private static final String HELLO = "Hello World!";

    private static final CaseSpec.Verdict WRONG_CODE_FAILS = (run, facts) -> {
        if (run.behaviorClose() == CloseBehavior.WRONG_CODE) {
            run.behavior(Outcome.FAILED, run.resultClose());
        }
    };

    private CloseCases() {}

    static List<CaseSpec> all() {
        List<CaseSpec> cases = new ArrayList<>();
        cases.add(close(
                        "7.1.1",
                        "Send a message followed by a close frame",
                        "The message is echoed; clean close with normal code")
                .expect(Event.text(HELLO))
                .close(byFuzzer(NORMAL))
                .does(send(Frame.of(TEXT, HELLO)), killAfter(1))
                .build());
        cases.add(close(
                        "7.1.2",
                        "Send two close frames",
                        "Clean close with normal code; the second close frame is ignored")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL), send(Frame.of(Frame.CLOSE)), killAfter(1))
                .build());
        cases.add(close("7.1.3", "Send a ping after a close frame", "Clean close with normal code; no pong")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL), send(Frame.of(PING)), killAfter(1))
                .build());
        cases.add(close(
                        "7.1.4",
                        "Send a text message after a close frame",
                        "Clean close with normal code; the message is ignored")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL), send(Frame.of(TEXT, HELLO)), killAfter(1))
                .build());
        cases.add(close(
                        "7.1.5",
                        "Send the first fragment of a message, a close frame, then the last fragment",
                        "Clean close with normal code")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(
                        send(Frame.of(TEXT, "fragment1").notFinal()),
                        sendClose(NORMAL),
                        send(Frame.of(CONTINUATION, "fragment2")),
                        killAfter(1))
                .build());
        cases.add(CaseSpec.builder(
                        "7.1.6",
                        "Send a 256 KiB text message, a small text message, a close frame and a ping, "
                                + "back to back",
                        "Implementation-defined: whether the messages are echoed before the close is processed")
                .suppressClose()
                .expect(Event.text(HELLO))
                .tolerate("close processed before the message", new Event[0])
                .close(byFuzzer(NORMAL))
                .does(
                        send(Frame.of(TEXT, "BAsd7&jh23").repeatTo(256 << 10), Frame.of(TEXT, HELLO)),
                        sendClose(NORMAL),
                        send(Frame.of(PING)),
                        killAfter(1))
                .verdict((run, facts) -> {
                    if (!run.receivedIsPrefixOf(List.of(
                            Event.text(Bytes.repeatTo(Bytes.utf8("BAsd7&jh23"), 256 << 10)), Event.text(HELLO)))) {
                        run.behavior(Outcome.FAILED, "The endpoint echoed something that was not sent.");
                    } else {
                        informational(run, run.receivedCount() + " of the 2 messages echoed before the close");
                    }
                })
                .build());
        cases.add(close(
                        "7.3.1",
                        "Send a close frame with payload length 0 (no code, no reason)",
                        "Clean close with normal code")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendCloseFrame(null, null), killAfter(1))
                .build());
        cases.add(close(
                        "7.3.2",
                        "Send a close frame with payload length 1",
                        "Clean close with protocol error, or dropped TCP")
                .suppressClose()
                .expect()
                .close(byFuzzerMayDrop(PROTOCOL_ERROR))
                .does(sendCloseFrame(null, Bytes.utf8("a")), killAfter(1))
                .build());
        cases.add(close(
                        "7.3.3",
                        "Send a close frame with payload length 2 (a code, no reason)",
                        "Clean close with normal code")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL), killAfter(1))
                .build());
        cases.add(close("7.3.4", "Send a close frame with a code and a reason", "Clean close with normal code")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL, HELLO), killAfter(1))
                .build());
        cases.add(close(
                        "7.3.5",
                        "Send a close frame with a code and a reason of maximum length (123)",
                        "Clean close with normal code")
                .suppressClose()
                .expect()
                .close(byFuzzer(NORMAL))
                .does(sendClose(NORMAL, "*".repeat(123)), killAfter(1))
                .build());
        cases.add(close(
                        "7.3.6",
                        "Send a close frame with a code and a reason that is too long (124): payload of 126 octets",
                        "Clean close with protocol error, or dropped TCP")
                .suppressClose()
                .expect()
                .close(byFuzzerMayDrop(PROTOCOL_ERROR))
                .does(sendCloseFrame(NORMAL, Bytes.repeat('*', 124)), killAfter(1))
                .build());
        cases.add(close(
                        "7.5.1",
                        "Send a close frame whose reason is invalid UTF-8",
                        "Clean close with protocol error or invalid payload, or dropped TCP")
                .suppressClose()
                .expect()
                .close(byFuzzerMayDrop(PROTOCOL_ERROR, Utf8Cases.INVALID_PAYLOAD))
                .does(sendCloseFrame(NORMAL, Bytes.hex("cebae1bdb9cf83cebcceb5eda080656469746564")), killAfter(1))
                .build());
        int[] valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
        for (int i = 0; i < valid.length; i++) {
            cases.add(close(
                            "7.7." + (i + 1),
                            "Send close with valid close code " + valid[i],
                            "Clean close with normal or echoed code")
                    .expect()
                    .close(byFuzzer(NORMAL, valid[i]))
                    .does(sendCloseFrame(valid[i], null), killAfter(1))
                    .build());
        }
        int[] invalid = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
        for (int i = 0; i < invalid.length; i++) {
            cases.add(close(
                            "7.9." + (i + 1),
                            "Send close with invalid close code " + invalid[i],
                            "Clean close with protocol error code, or dropped TCP")
                    .expect()
                    .close(byFuzzerMayDrop(PROTOCOL_ERROR))
                    .does(sendCloseFrame(invalid[i], null), killAfter(1))
                    .build());
        }
        int[] undefined = {5000, 65535};
        for (int i = 0; i < undefined.length; i++) {
            cases.add(CaseSpec.builder(
                            "7.13." + (i + 1),
                            "Send close with close code " + undefined[i],
                            "Undefined by the spec (informational)")
                    .suppressClose()
                    .expect()
                    .close(byFuzzerMayDrop(NORMAL, undefined[i], PROTOCOL_ERROR))
                    .does(sendCloseFrame(undefined[i], null), killAfter(1))
                    .verdict((run, facts) -> informational(run, "actual events are undefined by the spec"))
                    .build());
        }
        return cases;
    }

    private static CaseSpec.Builder close(String id, String description, String expectation) {
        return CaseSpec.builder(id, description, expectation).verdict(WRONG_CODE_FAILS);
    }

    /**
     * Autobahn's informational verdict, except that a close code outside the case's list still fails: the
     * spec leaves the events open, not the choice of codes.
     */
    private static void informational(CaseRun run, String what) {
        if (run.behaviorClose() == CloseBehavior.WRONG_CODE) {
            run.behavior(Outcome.FAILED, run.resultClose());
            return;
        }
        run.behavior(Outcome.INFORMATIONAL, what);
        run.behaviorClose(CloseBehavior.INFORMATIONAL, run.resultClose());
    }
}
