package io.github.wsboot.websocket.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** The echo loop of {@link MutantServer}: one connection, broken as its {@link MutantServer.Defect} says. */
final class MutantEcho {

    private static final byte[] MASK = {0x12, 0x34, 0x56, 0x78};

    private final InputStream in;
    private final OutputStream out;
    private final boolean client;
    private final MutantServer.Defect defect;
    /** Null without compression. */
    private final DeflateCodec codec;

    MutantEcho(
            InputStream in, OutputStream out, boolean client, DeflateAgreement agreement, MutantServer.Defect defect) {
        this.in = in;
        this.out = out;
        this.client = client;
        this.defect = defect;
        this.codec = agreement == null ? null : codec(agreement, !client, defect);
    }

    /** Our side's codec, with the defect built into its compressor. */
    private static DeflateCodec codec(DeflateAgreement a, boolean server, MutantServer.Defect defect) {
        boolean noContext = a.noContextTakeover(server) && defect != MutantServer.Defect.KEEPS_CONTEXT;
        int window = defect == MutantServer.Defect.WIDE_WINDOW ? 15 : a.maxWindowBits(server);
        return new DeflateCodec(noContext, window, a.noContextTakeover(!server), a.maxWindowBits(!server), 1);
    }

    /** Echoes and answers until the connection ends (an {@link IOException}) or, as a server, closes. */
    void run() throws IOException {
        try {
            loop();
        } finally {
            if (codec != null) {
                codec.close();
            }
        }
    }

    private void loop() throws IOException {
        boolean corrupt = defect == MutantServer.Defect.CORRUPT;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = Frame.TEXT;
        boolean compressed = false;
        while (true) {
            WireFrame f = WireFrame.read(in);
            switch (f.opcode()) {
                case Frame.PING -> write(Frame.PONG, 0, corrupt ? corrupt(f.payload()) : f.payload());
                case Frame.CLOSE -> {
                    write(
                            Frame.CLOSE,
                            0,
                            corrupt
                                    ? wrongClose(f.payload())
                                    : Arrays.copyOf(f.payload(), Math.min(2, f.payload().length)));
                    if (!corrupt && !client) {
                        return; // a correct server drops TCP after the closing handshake
                    }
                }
                case Frame.PONG, 11, 12, 13, 14, 15 -> {
                    // ignored, as no valid endpoint would do
                }
                default -> {
                    if (f.opcode() != Frame.CONTINUATION) {
                        messageOpcode = f.opcode() == Frame.BINARY ? Frame.BINARY : Frame.TEXT;
                        compressed = f.rsv() == FrameRules.RSV1;
                    }
                    message.writeBytes(f.payload());
                    if (f.fin()) {
                        echo(messageOpcode, inflate(message.toByteArray(), compressed));
                        message.reset();
                    }
                }
            }
        }
    }

    private byte[] inflate(byte[] payload, boolean compressed) {
        if (!compressed || codec == null) {
            return payload;
        }
        try {
            return codec.decompress(payload);
        } catch (DeflateCodec.BadMessageException e) {
            return payload; // whatever it was, the echo will be wrong
        }
    }

    private void echo(int opcode, byte[] data) throws IOException {
        if (defect == MutantServer.Defect.CORRUPT || codec == null) {
            write(opcode, 0, corrupt(data));
            return;
        }
        byte[] payload = codec.compress(data);
        if (defect == MutantServer.Defect.RSV1_ON_CONTINUATION && payload.length >= 2) {
            int half = payload.length / 2;
            writeFrame(opcode, FrameRules.RSV1, false, Arrays.copyOf(payload, half));
            writeFrame(Frame.CONTINUATION, FrameRules.RSV1, true, Arrays.copyOfRange(payload, half, payload.length));
            return;
        }
        write(opcode, FrameRules.RSV1, payload);
    }

    /** Flips the last octet; an empty payload gets one added. */
    private static byte[] corrupt(byte[] payload) {
        if (payload.length == 0) {
            return new byte[] {'x'};
        }
        byte[] b = payload.clone();
        b[b.length - 1] ^= 0x01;
        return b;
    }

    /** The received code plus one (1001 for none): never the code a case allows. */
    private static byte[] wrongClose(byte[] payload) {
        int code = payload.length >= 2 ? (((payload[0] & 0xff) << 8) | (payload[1] & 0xff)) + 1 : 1001;
        return new byte[] {(byte) (code >> 8), (byte) code};
    }

    private void write(int opcode, int rsv, byte[] payload) throws IOException {
        writeFrame(opcode, rsv, true, payload);
    }

    private void writeFrame(int opcode, int rsv, boolean fin, byte[] payload) throws IOException {
        int b0 = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
        out.write(WireFormat.frame(b0, payload, client ? MASK : null));
        out.flush();
    }
}
