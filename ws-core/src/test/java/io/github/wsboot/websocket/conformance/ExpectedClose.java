package io.github.wsboot.websocket.conformance;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How a case must end, in Autobahn's terms (its {@code expectedClose}).
 *
 * @param closedByMe           whether the fuzzing peer, not the endpoint under test, sends the first close frame
 * @param codes                close codes the endpoint under test may send (an empty close frame is always allowed)
 * @param requireClean         whether both close frames must be exchanged and the server must drop TCP
 * @param wrongEndpointIsFatal whether closing by the wrong endpoint fails the case itself, not only the close
 *                             column (section 6: the endpoint did not notice the invalid UTF-8 at all)
 */
record ExpectedClose(boolean closedByMe, List<Integer> codes, boolean requireClean, boolean wrongEndpointIsFatal) {

    /** The fuzzer closes once it has seen what it expects; clean close with one of {@code codes}. */
    static ExpectedClose byFuzzer(int... codes) {
        return new ExpectedClose(true, list(codes), true, false);
    }

    /** The fuzzer closes with a bad close frame; the endpoint may answer with {@code codes} or drop TCP. */
    static ExpectedClose byFuzzerMayDrop(int... codes) {
        return new ExpectedClose(true, list(codes), false, false);
    }

    /** The endpoint under test must fail the connection with one of {@code codes}, or drop TCP. */
    static ExpectedClose byEndpoint(int... codes) {
        return new ExpectedClose(false, list(codes), false, false);
    }

    ExpectedClose fatalIfWrongEndpoint() {
        return new ExpectedClose(closedByMe, codes, requireClean, true);
    }

    private static List<Integer> list(int... codes) {
        return IntStream.of(codes).boxed().toList();
    }
}
