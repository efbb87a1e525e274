package io.github.wsboot.websocket.conformance;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UTF-8 decoder test vectors of Autobahn's section 6.5–6.23, in Autobahn's order (its
 * {@code createUtf8TestSequences}, after Markus Kuhn's UTF-8-test.txt). Group {@code i} becomes subsection
 * 6.(5+i); vector {@code j} of a group becomes case 6.(5+i).(j+1).
 */
final class Utf8Sequences {

    /** One vector: its bytes and whether they are valid, complete UTF-8. */
    record Vector(boolean valid, byte[] bytes) {}

    /** A subsection of vectors with its title. */
    record Group(String title, List<Vector> vectors) {}

    /** κόσμε: the valid multi-byte string that the prefix group cuts at every length. */
    static final byte[] KOSME = Bytes.hex("cebae1bdb9cf83cebcceb5");

    private Utf8Sequences() {}

    static List<Group> groups() {
        List<Group> g = new ArrayList<>();
        g.add(group(
                "Some valid UTF-8 sequences",
                valid("hello", "24", "world"),
                valid("hello", "c2a2", "world"),
                valid("hello", "e282ac", "world"),
                valid("hello", "f0a4ada2", "world"),
                new Vector(true, KOSME)));
        List<Vector> prefixes = new ArrayList<>();
        for (int i = 1; i <= KOSME.length; i++) {
            byte[] p = Arrays.copyOf(KOSME, i);
            prefixes.add(new Vector(Bytes.isValidUtf8(p), p));
        }
        g.add(new Group("All prefixes of a valid UTF-8 string that contains multi-byte code points", prefixes));
        g.add(group("First possible sequence of a certain length", hex(true, "00", "c280", "e0a080", "f0908080")));
        g.add(group(
                "First possible sequence length 5/6 (invalid codepoints)", hex(false, "f888808080", "fc8480808080")));
        g.add(group("Last possible sequence of a certain length", hex(true, "7f", "dfbf", "efbfbf", "f48fbfbf")));
        g.add(group(
                "Last possible sequence length 4/5/6 (invalid codepoints)",
                hex(false, "f7bfbfbf", "fbbfbfbfbf", "fdbfbfbfbfbf")));
        List<Vector> boundary = new ArrayList<>(hex(true, "ed9fbf", "ee8080", "efbfbd", "f48fbfbf"));
        boundary.addAll(hex(false, "f4908080"));
        g.add(new Group("Other boundary conditions", boundary));
        List<Vector> continuation =
                new ArrayList<>(hex(false, "80", "bf", "80bf", "80bf80", "80bf80bf", "80bf80bf80", "80bf80bf80bf"));
        continuation.add(new Vector(false, range(0x80, 0xbf, false)));
        g.add(new Group("Unexpected continuation bytes", continuation));
        List<Vector> lonely = new ArrayList<>();
        for (int[] r : new int[][] {{0xc0, 0xdf}, {0xe0, 0xef}, {0xf0, 0xf7}, {0xf8, 0xfb}, {0xfc, 0xfd}}) {
            lonely.add(new Vector(false, range(r[0], r[1], true)));
        }
        g.add(new Group("Lonely start characters", lonely));
        String[] truncated = {
            "c0", "e080", "f08080", "f8808080", "fc80808080", "df", "efbf", "f7bfbf", "fbbfbfbf", "fdbfbfbfbf"
        };
        g.add(group("Sequences with last continuation byte missing", hex(false, truncated)));
        g.add(group("Concatenation of incomplete sequences", hex(false, String.join("", truncated))));
        g.add(group("Impossible bytes", hex(false, "fe", "ff", "fefeffff")));
        g.add(group(
                "Examples of an overlong ASCII character",
                hex(false, "c0af", "e080af", "f08080af", "f8808080af", "fc80808080af")));
        g.add(group(
                "Maximum overlong sequences", hex(false, "c1bf", "e09fbf", "f08fbfbf", "f887bfbfbf", "fc83bfbfbfbf")));
        g.add(group(
                "Overlong representation of the NUL character",
                hex(false, "c080", "e08080", "f0808080", "f880808080", "fc8080808080")));
        g.add(group(
                "Single UTF-16 surrogates",
                hex(false, "eda080", "edadbf", "edae80", "edafbf", "edb080", "edbe80", "edbfbf")));
        g.add(group(
                "Paired UTF-16 surrogates",
                hex(
                        false,
                        "eda080edb080",
                        "eda080edbfbf",
                        "edadbfedb080",
                        "edadbfedbfbf",
                        "edae80edb080",
                        "edae80edbfbf",
                        "edafbfedb080",
                        "edafbfedbfbf")));
        g.add(new Group("Non-character code points (valid UTF-8)", nonCharacters()));
        g.add(group(
                "Unicode specials (i.e. replacement char)",
                hex(true, "efbfb9", "efbfba", "efbfbb", "efbfbc", "efbfbd", "efbfbe", "efbfbf")));
        return g;
    }

    /** U+FFFE, U+FFFF and the last two code points of planes 1–16: non-characters, yet valid UTF-8. */
    private static List<Vector> nonCharacters() {
        List<Vector> v = new ArrayList<>(hex(true, "efbfbe", "efbfbf"));
        String[] leads = {"f0", "f1", "f2", "f3", "f4"};
        String[] seconds = {"8f", "9f", "af", "bf"};
        for (String z1 : leads) {
            for (String z2 : seconds) {
                if (z1.equals("f4") && !z2.equals("8f")) {
                    continue; // above U+10FFFF
                }
                for (String z3 : new String[] {"be", "bf"}) {
                    String zz = z1 + z2 + "bf" + z3;
                    if (!zz.startsWith("f08f")) { // overlong
                        v.add(new Vector(true, Bytes.hex(zz)));
                    }
                }
            }
        }
        return v;
    }

    /** Bytes {@code from} up to {@code to} (exclusive), each followed by a space when {@code spaced}. */
    private static byte[] range(int from, int to, boolean spaced) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = from; b < to; b++) {
            out.write(b);
            if (spaced) {
                out.write(0x20);
            }
        }
        return out.toByteArray();
    }

    private static Vector valid(String before, String hex, String after) {
        return new Vector(true, Bytes.concat(Bytes.utf8(before), Bytes.hex(hex), Bytes.utf8(after)));
    }

    private static List<Vector> hex(boolean valid, String... hex) {
        return Arrays.stream(hex).map(h -> new Vector(valid, Bytes.hex(h))).toList();
    }

    private static Group group(String title, Vector... vectors) {
        return new Group(title, List.of(vectors));
    }

    private static Group group(String title, List<Vector> vectors) {
        return new Group(title, vectors);
    }
}
