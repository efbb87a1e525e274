package io.github.wsboot.websocket.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.internal.FrameReader;
import io.github.wsboot.websocket.internal.MessageReader;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Fuzz target, differential: arbitrary bytes, cut into arbitrary reads, must mean the same on the event
 * engine's path ({@link FrameScanner} on the loop, the connection's {@link MessageReader} over what it passed
 * on) as on the blocking path (the {@link MessageReader} over the bytes themselves): the same messages, the
 * same close frame, the same violation with the same close code, and the ping and pong frames the blocking
 * reader saw in the same order (the scanner may see more: it reads past a message the reader rejects). The
 * scanner never throws and announces a unit before the reader needs it.
 */
public final class EngineScannerFuzzTarget {

    private static final FrameReader.ReadGuard NO_GUARD = new FrameReader.ReadGuard() {
        @Override
        public void beforeRead() {}

        @Override
        public void afterRead() {}
    };

    private EngineScannerFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        boolean server = data.consumeBoolean();
        int chunk = data.consumeInt(1, 300);
        byte[] wire = data.consumeRemainingAsBytes();

        Recorder blocking = new Recorder();
        readAll(MemoryTransport.reading(wire).chunked(chunk), server, blocking);

        Recorder engine = new Recorder();
        PipeSink sink = new PipeSink(engine);
        FrameScanner scanner = new FrameScanner(server, false);
        for (int at = 0; at < wire.length; at += chunk) {
            scanner.scan(ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at)), sink);
        }
        scanner.endOfInput(sink);
        Recorder engineReader = new Recorder();
        readAll(MemoryTransport.reading(sink.bytes.toByteArray()).chunked(chunk), server, engineReader);

        if (!blocking.messages.equals(engineReader.messages)) {
            throw new AssertionError("engine read " + engineReader.messages + ", blocking read " + blocking.messages);
        }
        if (!engine.controls
                .subList(0, Math.min(engine.controls.size(), blocking.controls.size()))
                .equals(blocking.controls)) {
            throw new AssertionError("engine controls " + engine.controls + ", blocking " + blocking.controls);
        }
        if (engine.controls.size() < blocking.controls.size()) {
            throw new AssertionError(
                    "engine saw fewer control frames: " + engine.controls + " vs " + blocking.controls);
        }
        // Every message and the close frame or violation the reader reached was announced as a unit, except
        // the last one when the input ends inside it (the end of input wakes the reader then).
        int reached = engineReader.messages.size();
        if (sink.units < reached - 1) {
            throw new AssertionError(sink.units + " units announced for " + reached + " reader results");
        }
    }

    /** Reads messages until the reader ends; records each message and how it ended. */
    private static void readAll(MemoryTransport transport, boolean server, Recorder recorder) {
        MessageReader reader =
                new MessageReader(new FrameReader(transport, 256, NO_GUARD), server, null, false, recorder);
        try {
            for (int i = 0; i < 10_000; i++) {
                int type = reader.nextMessage();
                recorder.messages.add(type + ":" + HexFormat.of().formatHex(reader.readMessage()));
            }
        } catch (ProtocolViolationException e) {
            recorder.messages.add("violation " + e.closeCode());
        } catch (IOException e) {
            recorder.messages.add(e.getClass().getSimpleName());
        }
    }

    private static final class Recorder implements MessageReader.ControlFrames {
        final List<String> messages = new ArrayList<>();
        final List<String> controls = new ArrayList<>();

        @Override
        public void onPing(byte[] payload) {
            controls.add("ping " + HexFormat.of().formatHex(payload));
        }

        @Override
        public void onPong(byte[] payload) {
            controls.add("pong " + HexFormat.of().formatHex(payload));
        }

        @Override
        public void onClose(int code, String reason) {
            messages.add("close " + code + " " + reason);
        }

        @Override
        public void onFinalFrame(int type, long length) {}
    }

    /** What the scanner passes on, kept in memory. */
    private static final class PipeSink implements FrameScanner.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Recorder controls;
        int units;

        PipeSink(Recorder controls) {
            this.controls = controls;
        }

        @Override
        public void append(ByteBuffer src, int length) {
            byte[] b = new byte[length];
            src.get(b);
            bytes.write(b, 0, length);
        }

        @Override
        public void append(byte[] src, int offset, int length) {
            bytes.write(src, offset, length);
        }

        @Override
        public void unitReady() {
            units++;
        }

        @Override
        public void control(int opcode, byte[] payload) {
            if (opcode == 0x9) {
                controls.onPing(payload);
            } else {
                controls.onPong(payload);
            }
        }
    }
}
