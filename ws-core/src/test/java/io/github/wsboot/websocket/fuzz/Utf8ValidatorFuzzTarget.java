package io.github.wsboot.websocket.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.internal.Utf8Validator;
import io.github.wsboot.websocket.testing.JdkUtf8;

/**
 * Fuzz target: differential test of {@link Utf8Validator} against the JDK's strict UTF-8 decoder, on the
 * whole input and fed in arbitrary pieces (the verdict must not depend on where frames split the message).
 */
public final class Utf8ValidatorFuzzTarget {

    private Utf8ValidatorFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        int pieces = data.consumeInt(1, 8);
        int[] cuts = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            cuts[i] = data.consumeInt(0, 64);
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        boolean expected = jdkValid(bytes);

        if (Utf8Validator.isValid(bytes, 0, bytes.length) != expected) {
            throw new AssertionError("whole input: validator says " + !expected + ", JDK says " + expected);
        }
        Utf8Validator v = new Utf8Validator();
        int off = 0;
        boolean ok = true;
        for (int i = 0; ok && off < bytes.length; i++) {
            int len = i < pieces ? Math.min(cuts[i], bytes.length - off) : bytes.length - off;
            ok = v.feed(bytes, off, len);
            off += len;
        }
        boolean pieceVerdict = ok && v.isComplete();
        if (pieceVerdict != expected) {
            throw new AssertionError("fed in pieces: validator says " + pieceVerdict + ", JDK says " + expected);
        }
    }

    private static boolean jdkValid(byte[] bytes) {
        return JdkUtf8.isValid(bytes);
    }
}
