package io.github.wsboot.websocket.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageInputStream;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.TestConns;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Properties of reassembly: any sequence of messages, each cut into any number of frames (empty ones
 * included) with pings between them, optionally compressed, delivered in reads of any size, comes out of
 * {@link Conn} exactly as it went in, in order — through {@code readMessage} and through streams.
 */
class FragmentationProperties {

    /** One message as the peer meant it. */
    record Sent(boolean text, byte[] payload) {}

    @Property(tries = 300)
    void randomFragmentationsReassembleExactly(
            @ForAll("messages") List<Sent> messages,
            @ForAll boolean compressed,
            @ForAll boolean streams,
            @ForAll @IntRange(min = 1, max = 5000) int chunk,
            @ForAll long seed)
            throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Sent m : messages) {
            writeFragmented(wire, m, compressed, random);
        }
        writeFrame(wire, true, false, 0x8, new byte[] {0x03, (byte) 0xe8}, random); // close 1000

        MemoryTransport transport = MemoryTransport.reading(wire.toByteArray()).chunked(chunk);
        Conn conn = TestConns.over(transport, true, compressed);
        try {
            for (Sent m : messages) {
                int type;
                byte[] data;
                if (streams) {
                    try (MessageInputStream in = conn.nextReader()) {
                        type = in.type();
                        data = in.readAllBytes();
                    }
                } else {
                    Message got = conn.readMessage();
                    type = got.type();
                    data = got.data();
                }
                assertThat(type).isEqualTo(m.text() ? MessageType.TEXT : MessageType.BINARY);
                assertThat(data).isEqualTo(m.payload());
            }
            try {
                conn.readMessage();
                throw new AssertionError("a message after the last one");
            } catch (CloseException e) {
                assertThat(e.code()).isEqualTo(1000);
            }
        } finally {
            conn.close();
        }
    }

    @Provide
    Arbitrary<List<Sent>> messages() {
        Arbitrary<Sent> text =
                Arbitraries.strings().ofMaxLength(3000).map(s -> new Sent(true, s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Sent> binary =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20_000).map(b -> new Sent(false, b));
        Arbitrary<Sent> repetitive = Combinators.combine(Arbitraries.integers().between(0, 70_000), Arbitraries.bytes())
                .as((n, b) -> {
                    byte[] payload = new byte[n];
                    Arrays.fill(payload, b);
                    return new Sent(false, payload);
                });
        return Arbitraries.oneOf(text, binary, repetitive).list().ofMaxSize(8);
    }

    private static void writeFragmented(ByteArrayOutputStream wire, Sent m, boolean compressed, Random random) {
        byte[] body = compressed ? deflate(m.payload()) : m.payload();
        int frames = 1 + random.nextInt(6);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < frames - 1; i++) {
            cuts.add(random.nextInt(body.length + 1));
        }
        cuts.add(0);
        cuts.add(body.length);
        cuts.sort(null);
        for (int i = 0; i + 1 < cuts.size(); i++) {
            boolean first = i == 0;
            boolean fin = i + 2 == cuts.size();
            int opcode = first ? (m.text() ? 0x1 : 0x2) : 0x0;
            writeFrame(
                    wire,
                    fin,
                    first && compressed,
                    opcode,
                    Arrays.copyOfRange(body, cuts.get(i), cuts.get(i + 1)),
                    random);
            if (random.nextInt(4) == 0) {
                writeFrame(wire, true, false, 0x9, new byte[random.nextInt(126)], random); // a ping in between
            }
        }
    }

    /** permessage-deflate body of one message: raw deflate, sync-flushed, without the final 00 00 ff ff. */
    private static byte[] deflate(byte[] payload) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
                out.write(buf, 0, n);
            }
            byte[] all = out.toByteArray();
            return Arrays.copyOf(all, all.length - 4);
        } finally {
            deflater.end();
        }
    }

    /** A masked client frame. */
    private static void writeFrame(
            ByteArrayOutputStream wire, boolean fin, boolean rsv1, int opcode, byte[] payload, Random random) {
        wire.write((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            wire.write(0x80 | len);
        } else if (len < 65536) {
            wire.write(0x80 | 126);
            wire.write(len >>> 8);
            wire.write(len);
        } else {
            wire.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                wire.write((int) ((long) len >>> shift));
            }
        }
        byte[] key = new byte[4];
        random.nextBytes(key);
        wire.write(key, 0, 4);
        for (int i = 0; i < len; i++) {
            wire.write(payload[i] ^ key[i & 3]);
        }
    }
}
