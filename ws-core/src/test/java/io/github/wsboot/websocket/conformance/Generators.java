package io.github.wsboot.websocket.conformance;

import java.util.Locale;
import java.util.Random;

/**
 * Content generators for {@link CompressionData}: each imitates the structure that decides how well a file
 * compresses — repeated keys and markup with varying values, a natural-language vocabulary, a smooth image with
 * noise, a document of mostly already-compressed streams.
 */
final class Generators {

    private static final String[] FIRST = {
        "Rosalind",
        "Herman",
        "Olga",
        "Marcus",
        "Beatriz",
        "Dewey",
        "Imogen",
        "Tobias",
        "Lucinda",
        "Ferris",
        "Agnes",
        "Boris",
        "Celeste",
        "Darnell",
        "Elvira",
        "Gunnar"
    };
    private static final String[] LAST = {
        "Pratt",
        "Holloway",
        "Vance",
        "Okafor",
        "Lindqvist",
        "Moreau",
        "Castillo",
        "Nakamura",
        "Whitfield",
        "Brennan",
        "Sorensen",
        "Albright",
        "Dumont",
        "Kessler"
    };
    private static final String[] COMPANY = {
        "ZENTRY", "QUILITY", "ORBAXTER", "GEEKOSIS", "TELLIFLY", "NIMON", "ACCUPRINT", "ZILLACOM", "MEDCOM", "PLASMOSIS"
    };
    private static final String[] STREET = {
        "Linden Street",
        "Harbor Lane",
        "Montague Terrace",
        "Rockwell Place",
        "Bay Parkway",
        "Cypress Avenue",
        "Stillwell Place",
        "Dahlgreen Place"
    };
    private static final String[] STATE = {"Ohio", "Vermont", "Oregon", "Kansas", "Maine", "Utah", "Nevada", "Iowa"};
    private static final String[] LOREM = {
        "lorem",
        "ipsum",
        "dolor",
        "sit",
        "amet",
        "consectetur",
        "adipiscing",
        "elit",
        "sed",
        "do",
        "eiusmod",
        "tempor",
        "incididunt",
        "ut",
        "labore",
        "et",
        "dolore",
        "magna",
        "aliqua",
        "enim",
        "ad",
        "minim",
        "veniam",
        "quis",
        "nostrud",
        "exercitation",
        "ullamco",
        "laboris",
        "nisi",
        "aliquip",
        "ex",
        "ea",
        "commodo",
        "consequat",
        "duis",
        "aute",
        "irure",
        "in",
        "reprehenderit",
        "voluptate",
        "velit",
        "esse",
        "cillum",
        "fugiat",
        "nulla",
        "pariatur",
        "excepteur",
        "sint",
        "occaecat",
        "cupidatat",
        "non",
        "proident",
        "sunt",
        "culpa",
        "qui",
        "officia",
        "deserunt",
        "mollit",
        "anim",
        "id",
        "est",
        "laborum"
    };
    private static final String[] GERMAN = {
        "der",
        "die",
        "das",
        "und",
        "ich",
        "nicht",
        "mit",
        "sich",
        "ein",
        "zu",
        "mir",
        "was",
        "ist",
        "wie",
        "nun",
        "so",
        "auch",
        "mein",
        "dein",
        "Herz",
        "Welt",
        "Geist",
        "Natur",
        "Himmel",
        "Erde",
        "Blut",
        "Seele",
        "Liebe",
        "Leben",
        "Nacht",
        "Tag",
        "Freund",
        "Gott",
        "Teufel",
        "Schüler",
        "Doktor",
        "Gretchen",
        "Kraft",
        "Wissen",
        "Buch",
        "Stunde",
        "Augenblick",
        "schön",
        "süß",
        "größer",
        "müssen",
        "können",
        "möchte",
        "hätte",
        "wäre",
        "für",
        "über",
        "heiß",
        "Fuß",
        "Gruß",
        "Straße",
        "Mädchen",
        "Träume",
        "Glück",
        "Blümlein",
        "fröhlich",
        "Schöpfung",
        "Gefühl",
        "Verweile",
        "doch",
        "du",
        "bist",
        "Ach",
        "zwei",
        "Seelen",
        "wohnen",
        "in",
        "meiner",
        "Brust",
        "Habe",
        "nun",
        "Philosophie",
        "Juristerei",
        "Medizin",
        "leider",
        "Theologie",
        "durchaus",
        "studiert",
        "heißem",
        "Bemühn",
        "da",
        "steh",
        "armer",
        "Tor",
        "bin",
        "klug",
        "als",
        "wie",
        "zuvor"
    };
    private static final String[] SPEAKER = {
        "FAUST", "MEPHISTOPHELES", "MARGARETE", "WAGNER", "MARTHE", "CHOR DER ENGEL", "SCHÜLER", "VALENTIN", "HEXE"
    };
    private static final String[] TAGS = {"div", "span", "p", "li", "td", "a", "em", "strong"};
    private static final String[] CLASSES = {
        "content", "sidebar", "nav-item", "article-body", "footer-link", "meta", "headline", "teaser", "col-md-6", "row"
    };

    private Generators() {}

    /** One record of a JSON array of people, pretty-printed, like generated fixture data. */
    static void json(StringBuilder sb, Random r) {
        if (sb.length() == 0) {
            sb.append("[\n");
        }
        String first = pick(r, FIRST);
        String last = pick(r, LAST);
        String company = pick(r, COMPANY);
        sb.append("  {\n");
        field(sb, "_id", hex(r, 24));
        sb.append("    \"index\": ").append(r.nextInt(10_000)).append(",\n");
        field(sb, "guid", hex(r, 8) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 4) + "-" + hex(r, 12));
        sb.append("    \"isActive\": ").append(r.nextBoolean()).append(",\n");
        field(sb, "balance", String.format(Locale.ROOT, "$%,d.%02d", r.nextInt(4000), r.nextInt(100)));
        field(sb, "picture", "http://placehold.it/32x32");
        sb.append("    \"age\": ").append(18 + r.nextInt(60)).append(",\n");
        field(sb, "eyeColor", pick(r, new String[] {"brown", "blue", "green"}));
        field(sb, "name", first + " " + last);
        field(sb, "gender", r.nextBoolean() ? "female" : "male");
        field(sb, "company", company);
        field(sb, "email", (first + last).toLowerCase(Locale.ROOT) + "@" + company.toLowerCase(Locale.ROOT) + ".com");
        field(
                sb,
                "phone",
                String.format(
                        Locale.ROOT, "+1 (%03d) %03d-%04d", 800 + r.nextInt(200), r.nextInt(1000), r.nextInt(10_000)));
        field(
                sb,
                "address",
                (100 + r.nextInt(900)) + " " + pick(r, STREET) + ", " + pick(r, LAST) + "ville, " + pick(r, STATE)
                        + ", " + (1000 + r.nextInt(9000)));
        field(sb, "about", words(r, LOREM, 20 + r.nextInt(40)) + ".\\r\\n");
        field(
                sb,
                "registered",
                String.format(
                        Locale.ROOT,
                        "20%02d-%02d-%02dT%02d:%02d:%02d -0%d:00",
                        10 + r.nextInt(10),
                        1 + r.nextInt(12),
                        1 + r.nextInt(28),
                        r.nextInt(24),
                        r.nextInt(60),
                        r.nextInt(60),
                        r.nextInt(10)));
        sb.append("    \"latitude\": ")
                .append(String.format(Locale.ROOT, "%.6f", r.nextDouble() * 180 - 90))
                .append(",\n");
        sb.append("    \"longitude\": ")
                .append(String.format(Locale.ROOT, "%.6f", r.nextDouble() * 360 - 180))
                .append(",\n");
        sb.append("    \"tags\": [\n");
        int tags = 3 + r.nextInt(5);
        for (int i = 0; i < tags; i++) {
            sb.append("      \"").append(pick(r, LOREM)).append(i + 1 < tags ? "\",\n" : "\"\n");
        }
        sb.append("    ],\n    \"friends\": [\n");
        for (int i = 0; i < 3; i++) {
            sb.append("      {\n        \"id\": ")
                    .append(i)
                    .append(",\n        \"name\": \"")
                    .append(pick(r, FIRST))
                    .append(' ')
                    .append(pick(r, LAST))
                    .append(i < 2 ? "\"\n      },\n" : "\"\n      }\n");
        }
        sb.append("    ],\n");
        field(sb, "greeting", "Hello, " + first + " " + last + "! You have " + r.nextInt(10) + " unread messages.");
        sb.append("    \"favoriteFruit\": \"")
                .append(pick(r, new String[] {"apple", "banana", "strawberry"}))
                .append("\"\n  },\n");
    }

    /** Verse with speakers and stage directions, in German with umlauts and sharp s (multi-byte UTF-8). */
    static void germanVerse(StringBuilder sb, Random r) {
        if (sb.length() == 0) {
            sb.append("The Project Gutenberg EBook of Faust: Der Tragödie erster Teil\r\n\r\n");
        }
        sb.append("\r\n").append(pick(r, SPEAKER)).append(":\r\n");
        if (r.nextInt(4) == 0) {
            sb.append("(").append(capital(words(r, GERMAN, 4 + r.nextInt(6)))).append(".)\r\n");
        }
        int lines = 2 + r.nextInt(9);
        for (int i = 0; i < lines; i++) {
            sb.append(capital(words(r, GERMAN, 4 + r.nextInt(5))))
                    .append(pick(r, new String[] {",", ";", "!", ".", "?", ""}))
                    .append("\r\n");
        }
    }

    /** A page of nested markup with attributes, tables and paragraphs. */
    static void html(StringBuilder sb, Random r) {
        if (sb.length() == 0) {
            sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                    .append(words(r, LOREM, 5))
                    .append("</title>\n<link rel=\"stylesheet\" href=\"/static/css/main.css\">\n")
                    .append("</head>\n<body>\n");
        }
        sb.append("<div class=\"")
                .append(pick(r, CLASSES))
                .append("\" id=\"s")
                .append(r.nextInt(100_000))
                .append("\">\n");
        sb.append("  <h2><a href=\"/articles/")
                .append(r.nextInt(100_000))
                .append("/")
                .append(pick(r, LOREM))
                .append("-")
                .append(pick(r, LOREM))
                .append(".html\">")
                .append(capital(words(r, LOREM, 3 + r.nextInt(6))))
                .append("</a></h2>\n");
        int paragraphs = 1 + r.nextInt(3);
        for (int i = 0; i < paragraphs; i++) {
            sb.append("  <p class=\"")
                    .append(pick(r, CLASSES))
                    .append("\">")
                    .append(capital(words(r, LOREM, 15 + r.nextInt(50))))
                    .append(".</p>\n");
        }
        if (r.nextInt(3) == 0) {
            sb.append("  <table class=\"data\">\n");
            int rows = 2 + r.nextInt(6);
            for (int i = 0; i < rows; i++) {
                String tag = pick(r, TAGS);
                sb.append("    <tr><td>")
                        .append(pick(r, FIRST))
                        .append("</td><td>")
                        .append(r.nextInt(100_000))
                        .append("</td><td><")
                        .append(tag)
                        .append(">")
                        .append(pick(r, LOREM))
                        .append("</")
                        .append(tag)
                        .append("></td></tr>\n");
            }
            sb.append("  </table>\n");
        }
        sb.append("  <ul>\n");
        int items = 2 + r.nextInt(4);
        for (int i = 0; i < items; i++) {
            sb.append("    <li class=\"nav-item\"><a href=\"/")
                    .append(pick(r, LOREM))
                    .append("\">")
                    .append(pick(r, LOREM))
                    .append("</a></li>\n");
        }
        sb.append("  </ul>\n</div>\n");
    }

    /**
     * A 512x512 8-bit grey bitmap: 54-byte headers, a 256-entry grey palette, then smooth shapes with a little
     * noise, which deflate shrinks only somewhat, like a photograph.
     */
    static byte[] bitmap(Random r) {
        int w = 512;
        int h = 512;
        int header = 14 + 40 + 1024;
        byte[] b = new byte[header + w * h];
        b[0] = 'B';
        b[1] = 'M';
        le32(b, 2, b.length);
        le32(b, 10, header);
        le32(b, 14, 40);
        le32(b, 18, w);
        le32(b, 22, h);
        b[26] = 1;
        b[28] = 8;
        le32(b, 34, w * h);
        le32(b, 46, 256);
        for (int i = 0; i < 256; i++) {
            int p = 54 + 4 * i;
            b[p] = (byte) i;
            b[p + 1] = (byte) i;
            b[p + 2] = (byte) i;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 128
                        + 50 * Math.sin(x / 23.0) * Math.cos(y / 31.0)
                        + 35 * Math.sin((x + 2 * y) / 57.0)
                        + 20 * Math.cos(Math.hypot(x - 260, y - 240) / 19.0)
                        + r.nextGaussian() * 4;
                b[header + y * w + x] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        return b;
    }

    /** A PDF-like file: text objects between large streams of incompressible (already deflated) bytes. */
    static byte[] pdf(Random r, int size) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size + 65_536);
        out.writeBytes("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        int obj = 1;
        while (out.size() < size) {
            String dict = obj % 3 == 0
                    ? "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 " + (obj + 1)
                            + " 0 R >> >> /Contents " + (obj + 2) + " 0 R >>"
                    : "<< /Length " + (2000 + r.nextInt(30_000)) + " /Filter /FlateDecode >>";
            out.writeBytes((obj + " 0 obj\n" + dict + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (obj % 3 != 0) {
                byte[] stream = new byte[2000 + r.nextInt(30_000)];
                r.nextBytes(stream);
                out.writeBytes("stream\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.writeBytes(stream);
                out.writeBytes("\nendstream\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.writeBytes("endobj\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            obj++;
        }
        return out.toByteArray();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("    \"").append(name).append("\": \"").append(value).append("\",\n");
    }

    private static String words(Random r, String[] vocabulary, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(pick(r, vocabulary));
        }
        return sb.toString();
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String hex(Random r, int digits) {
        StringBuilder sb = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static void le32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}
