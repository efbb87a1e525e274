package io.github.wsboot.websocket.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** The fuzzer's own permessage-deflate pieces, checked against java.util.zip and Autobahn's strings. */
class DeflateFuzzerTest {

    @Test
    void offersAndAnswersAreAutobahns() {
        assertThat(DeflateOffer.defaults().header())
                .isEqualTo("permessage-deflate; client_no_context_takeover; client_max_window_bits");
        assertThat(DeflateOffer.requesting(true, 9).header())
                .isEqualTo("permessage-deflate; client_no_context_takeover; "
                        + "client_max_window_bits; server_no_context_takeover; server_max_window_bits=9");
        List<DeflateOffer> offers =
                List.of(DeflateOffer.requesting(true, 9), DeflateOffer.requesting(true, 0), DeflateOffer.defaults());
        DeflateAgreement.ServerAccept accept7 = DeflateAgreement.firstOf(
                DeflateAgreement.accepting(true, 9),
                DeflateAgreement.accepting(true, 0),
                DeflateAgreement.accepting(false, 0));
        DeflateAgreement.Accepted a = accept7.accept(offers);
        assertThat(a.header())
                .isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=9; "
                        + "client_no_context_takeover; client_max_window_bits=9");
        assertThat(a.agreement()).isEqualTo(new DeflateAgreement(true, true, 9, 9));
        // Autobahn takes client_no_context_takeover as accepted even when the offer lacks it; not so the window.
        DeflateOffer dialers = DeflateOffer.parse(ExtensionParams.parse("permessage-deflate; client_max_window_bits")
                .get(0)
                .params());
        assertThat(dialers).isEqualTo(new DeflateOffer(true, true, false, 0));
        assertThat(DeflateAgreement.accepting(false, 9)
                        .accept(List.of(DeflateOffer.parse(ExtensionParams.parse("permessage-deflate")
                                .get(0)
                                .params()))))
                .isNull();
        assertThatThrownBy(
                        () -> DeflateOffer.parse(ExtensionParams.parse("permessage-deflate; server_max_window_bits=8")
                                .get(0)
                                .params()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientHoldsTheServerToItsOffers() {
        List<DeflateOffer> offers = List.of(DeflateOffer.requesting(true, 9));
        assertThat(DeflateAgreement.fromResponse("", offers)).isNull();
        assertThat(DeflateAgreement.fromResponse(
                        "permessage-deflate; server_no_context_takeover; server_max_window_bits=9", offers))
                .isEqualTo(new DeflateAgreement(true, false, 9, 15));
        for (String bad : List.of(
                "permessage-deflate; server_max_window_bits=9", // takeover was requested off
                "permessage-deflate; server_no_context_takeover", // the window limit was requested
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=10",
                "permessage-deflate; server_no_context_takeover; server_max_window_bits=9; foo",
                "x-webkit-deflate-frame")) {
            assertThatThrownBy(() -> DeflateAgreement.fromResponse(bad, offers))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DeflateAgreement.fromResponse(
                        "permessage-deflate; client_max_window_bits=9",
                        List.of(new DeflateOffer(true, false, false, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void distanceScanFindsTheFarthestReference() throws Exception {
        Random r = new Random(7);
        byte[] head = new byte[1000];
        byte[] gap = new byte[5000];
        r.nextBytes(head);
        r.nextBytes(gap);
        byte[] data = Bytes.concat(head, gap, head);
        for (int level : new int[] {1, 6, 9}) {
            DeflateDistances.Scan scan = scan(data, level, Deflater.DEFAULT_STRATEGY);
            assertThat(scan.maxDistance()).as("level %d", level).isEqualTo(6000);
        }
        assertThat(scan(data, 6, Deflater.HUFFMAN_ONLY).references()).isZero();
        assertThat(scan(data, 0, Deflater.DEFAULT_STRATEGY).references()).isZero(); // stored blocks
        assertThat(scan(Bytes.utf8("abcabcabcabc"), 6, Deflater.DEFAULT_STRATEGY)
                        .maxDistance())
                .isEqualTo(3); // fixed codes
        byte[] json = CompressionData.JSON.slice(0, 16384);
        assertThat(scan(json, 1, Deflater.DEFAULT_STRATEGY).maxDistance()).isBetween(513, 16384);
        assertThatThrownBy(() -> DeflateDistances.scan(new byte[] {0x0c, 0x00}, 2)) // a dynamic block cut off
                .isInstanceOf(DeflateDistances.MalformedException.class);
    }

    private static DeflateDistances.Scan scan(byte[] data, int level, int strategy) throws Exception {
        Deflater d = new Deflater(level, true);
        d.setStrategy(strategy);
        d.setInput(data);
        byte[] out = new byte[data.length * 2 + 64];
        int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        d.end();
        return DeflateDistances.scan(out, n);
    }

    @Test
    void codecsOfBothSidesUnderstandEachOther() throws Exception {
        for (DeflateAgreement a : List.of(
                new DeflateAgreement(false, false, 15, 15),
                new DeflateAgreement(true, true, 15, 15),
                new DeflateAgreement(false, true, 9, 10),
                new DeflateAgreement(true, false, 12, 9))) {
            try (DeflateCodec server = DeflateCodec.of(a, true, 1);
                    DeflateCodec client = DeflateCodec.of(a, false, 6)) {
                for (int i = 0; i < 20; i++) {
                    byte[] msg = CompressionData.JSON.slice(i * 1000, 1000 + i * 37);
                    assertThat(client.decompress(server.compress(msg)))
                            .as("%s", a)
                            .isEqualTo(msg);
                    assertThat(server.decompress(client.compress(msg)))
                            .as("%s", a)
                            .isEqualTo(msg);
                }
            }
        }
        // A sender that keeps its context although it agreed not to cannot be read by a receiver that resets.
        try (DeflateCodec liar = new DeflateCodec(false, 15, false, 15, 1);
                DeflateCodec receiver = DeflateCodec.of(new DeflateAgreement(true, true, 15, 15), false, 1)) {
            receiver.decompress(liar.compress(CompressionData.JSON.slice(0, 1024)));
            byte[] second = liar.compress(CompressionData.JSON.slice(1024, 1024));
            assertThatThrownBy(() -> receiver.decompress(second)).isInstanceOf(DeflateCodec.BadMessageException.class);
        }
    }

    @Test
    void dataSetsHaveAutobahnsSizesAndTypes() {
        for (CompressionData d : CompressionData.values()) {
            byte[] b = d.bytes();
            assertThat(b).as(d.title()).hasSize(d.size());
            if (!d.binary()) {
                for (byte x : b) {
                    assertThat(x)
                            .as("%s is ASCII, so every slice is valid UTF-8", d)
                            .isBetween((byte) 0x09, (byte) 0x7e);
                }
            }
            assertThat(d.slice(d.size() - 3, 6))
                    .isEqualTo(Bytes.concat(Arrays.copyOfRange(b, d.size() - 3, d.size()), Arrays.copyOf(b, 3)));
        }
        assertThat(CompressionData.JSON.title()).isEqualTo("Large JSON data file (utf8, 194056 bytes)");
    }
}
