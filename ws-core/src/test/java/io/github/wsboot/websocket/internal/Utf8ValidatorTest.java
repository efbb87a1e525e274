package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.testing.JdkUtf8;

/** Checks the incremental validator against the JDK's UTF-8 decoder with {@link CodingErrorAction#REPORT}. */
class Utf8ValidatorTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Continuation bytes at the edges of every narrowed range (after E0, ED, F0, F4). */
    private static final int[] CONTINUATIONS = {0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf};

    /** One reused decoder: creating one per call dominates the run time of the exhaustive tests. */
    private static final CharsetDecoder DECODER = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private static final CharBuffer OUT = CharBuffer.allocate(64);

    private static boolean jdkValid(byte[] b) {
        if (b.length > 32) {
            return JdkUtf8.isValid(b);
        }
        DECODER.reset();
        OUT.clear();
        ByteBuffer in = ByteBuffer.wrap(b);
        return !DECODER.decode(in, OUT, true).isError() && !DECODER.flush(OUT).isError() && !in.hasRemaining();
    }

    /** Whether some continuation of up to three bytes makes {@code prefix} valid UTF-8. */
    private static boolean jdkCompletable(byte[] prefix) {
        if (jdkValid(prefix)) {
            return true;
        }
        List<byte[]> frontier = new ArrayList<>();
        frontier.add(prefix);
        for (int extra = 1; extra <= 3; extra++) {
            List<byte[]> next = new ArrayList<>();
            for (byte[] p : frontier) {
                for (int c : CONTINUATIONS) {
                    byte[] q = java.util.Arrays.copyOf(p, p.length + 1);
                    q[p.length] = (byte) c;
                    if (jdkValid(q)) {
                        return true;
                    }
                    next.add(q);
                }
            }
            frontier = next;
        }
        return false;
    }

    /** Index of the byte at which the validator, fed one byte at a time, gives up; -1 when it never does. */
    private static int failIndex(byte[] b) {
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < b.length; i++) {
            if (!v.feed(b, i, 1)) {
                return i;
            }
        }
        return -1;
    }

    /** Compares the validator with the JDK on {@code b}, whole and split at every point. */
    private static void check(byte[] b) {
        boolean expected = jdkValid(b);
        if (Utf8Validator.isValid(b, 0, b.length) != expected) {
            throw new AssertionError(HEX.formatHex(b) + ": expected valid=" + expected);
        }
        for (int split = 0; split <= b.length; split++) {
            Utf8Validator v = new Utf8Validator();
            boolean ok = v.feed(b, 0, split) && v.feed(b, split, b.length - split) && v.isComplete();
            if (ok != expected) {
                throw new AssertionError(HEX.formatHex(b) + " split at " + split + ": expected valid=" + expected);
            }
        }
    }

    /**
     * {@link #check}, plus fail-fast: where the validator stops, no continuation could have made the input
     * valid; before that point, one could.
     */
    private static void checkFailFast(byte[] b) {
        check(b);
        int fail = failIndex(b);
        int viable = fail < 0 ? b.length : fail;
        if (!jdkCompletable(java.util.Arrays.copyOf(b, viable))) {
            throw new AssertionError(HEX.formatHex(b) + ": validator accepted a dead prefix of " + viable + " bytes");
        }
        if (fail >= 0 && jdkCompletable(java.util.Arrays.copyOf(b, fail + 1))) {
            throw new AssertionError(
                    HEX.formatHex(b) + ": validator failed at " + fail + " but the JDK can complete it");
        }
    }

    @ParameterizedTest(name = "{0}: fails at {1}")
    @CsvSource({
        // valid
        "'',               -1",
        "48656c6c6f,       -1",
        "c2a9,             -1",
        "e282ac,           -1",
        "f09f9880,         -1",
        "f48fbfbf,         -1", // U+10FFFF
        "ed9fbf,           -1", // U+D7FF, just below the surrogates
        "ee8080,           -1", // U+E000, just above them
        "cebae1bdb9cf83cebcceb5, -1", // "κόσμε"
        // invalid, and where it is detected
        "80,               0", // lone continuation
        "bf,               0",
        "c0af,             0", // overlong '/'
        "c180,             0",
        "e080af,           1", // overlong 3-byte
        "e09fbf,           1",
        "f08080af,         1", // overlong 4-byte
        "f08fbfbf,         1",
        "eda080,           1", // U+D800 (surrogate)
        "edbfbf,           1", // U+DFFF
        "eda0bdedb2a9,     1", // surrogate pair
        "f4908080,         1", // U+110000
        "f5808080,         0",
        "f8888080,         0",
        "fe,               0",
        "ff,               0",
        "c2,               -1", // truncated: not wrong yet, only incomplete
        "e282,             -1",
        "f09f98,           -1",
        "c241,             1", // continuation expected
        "e28241,           2",
        "f09f9841,         3",
        "48656c6cc0,       4",
    })
    void detectsTheFirstImpossibleByte(String hex, int expectedFail) {
        byte[] b = HEX.parseHex(hex);
        assertThat(failIndex(b)).isEqualTo(expectedFail);
        checkFailFast(b);
    }

    @Test
    void truncatedSequencesAreIncompleteNotInvalid() {
        for (String hex : new String[] {"c2", "e282", "f09f98", "f09f"}) {
            Utf8Validator v = new Utf8Validator();
            byte[] b = HEX.parseHex(hex);
            assertThat(v.feed(b, 0, b.length)).isTrue();
            assertThat(v.isComplete()).as(hex).isFalse();
            assertThat(Utf8Validator.isValid(b, 0, b.length)).isFalse();
        }
    }

    @Test
    void resetForgetsAPartialSequence() {
        Utf8Validator v = new Utf8Validator();
        v.feed(HEX.parseHex("e2"), 0, 1);
        v.reset();
        assertThat(v.isComplete()).isTrue();
        assertThat(v.feed(new byte[] {'a'}, 0, 1)).isTrue();
    }

    @Test
    void everyOneAndTwoByteInput() {
        for (int a = 0; a < 256; a++) {
            checkFailFast(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                check(new byte[] {(byte) a, (byte) b});
            }
        }
        // Fail-fast on every lead byte followed by each edge of the continuation ranges.
        for (int a = 0xc0; a < 0x100; a++) {
            for (int b : new int[] {0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff}) {
                checkFailFast(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void everyThreeByteInputWithAStructuredLeadByte() {
        for (int a = 0xc0; a < 0x100; a++) {
            for (int b = 0x70; b < 0xd0; b += 3) {
                for (int c = 0x70; c < 0xd0; c += 5) {
                    check(new byte[] {(byte) a, (byte) b, (byte) c});
                }
            }
        }
    }

    @Test
    void randomTextAndMutations() {
        Random random = new Random(6455);
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) {
                int cp;
                switch (random.nextInt(4)) {
                    case 0 -> cp = random.nextInt(0x80);
                    case 1 -> cp = 0x80 + random.nextInt(0x780);
                    case 2 -> {
                        cp = 0x800 + random.nextInt(0xf800);
                        if (cp >= 0xd800 && cp <= 0xdfff) {
                            cp = 0xe000;
                        }
                    }
                    default -> cp = 0x10000 + random.nextInt(0x100000);
                }
                sb.appendCodePoint(cp);
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
            check(b);
            if (b.length > 0) {
                byte[] mutated = b.clone();
                mutated[random.nextInt(b.length)] = (byte) random.nextInt(256);
                check(mutated);
                if (round % 10 == 0) {
                    checkFailFast(mutated);
                }
                check(java.util.Arrays.copyOf(b, random.nextInt(b.length)));
            }
        }
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            check(b);
            if (round % 10 == 0) {
                checkFailFast(b);
            }
        }
    }

    @Test
    void longAsciiRunsWithAnInvalidByteAtEveryPosition() {
        // The eight-bytes-at-a-time ASCII fast path must not skip over the bad byte.
        for (int len = 1; len <= 40; len++) {
            for (int bad = 0; bad < len; bad++) {
                byte[] b = new byte[len];
                java.util.Arrays.fill(b, (byte) 'a');
                b[bad] = (byte) 0xff;
                assertThat(failIndex(b)).isEqualTo(bad);
                assertThat(Utf8Validator.isValid(b, 0, len)).isFalse();
                Utf8Validator whole = new Utf8Validator();
                assertThat(whole.feed(b, 0, len)).isFalse();
            }
        }
    }

    @Test
    void validatesASubrangeOnly() {
        byte[] b = HEX.parseHex("ff" + "e282ac" + "ff");
        assertThat(Utf8Validator.isValid(b, 1, 3)).isTrue();
        assertThat(Utf8Validator.isValid(b, 0, 4)).isFalse();
        assertThat(Utf8Validator.isValid(b, 1, 2)).isFalse();
    }
}
