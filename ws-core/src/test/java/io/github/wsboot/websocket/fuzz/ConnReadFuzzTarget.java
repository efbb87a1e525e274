package io.github.wsboot.websocket.fuzz;

import java.io.IOException;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.MessageInputStream;
import io.github.wsboot.websocket.ProtocolViolationException;
import io.github.wsboot.websocket.TestConns;
import io.github.wsboot.websocket.testing.MemoryTransport;

/**
 * Fuzz target: a {@link Conn} reading arbitrary bytes from its peer, in either role, with or without
 * permessage-deflate, through whole messages or streams. Every input must end in a {@link CloseException}
 * (the peer closed or vanished) or a {@link ProtocolViolationException} with a close code RFC 6455 assigns to
 * such a failure, whose close frame is the last thing written — never another exception, a hang or an
 * unbounded allocation.
 */
public final class ConnReadFuzzTarget {

    private static final Set<Integer> VIOLATION_CODES = Set.of(1002, 1007, 1009);
    private static final int READ_LIMIT = 64 * 1024;

    private ConnReadFuzzTarget() {}

    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        boolean server = data.consumeBoolean();
        boolean deflate = data.consumeBoolean();
        boolean streams = data.consumeBoolean();
        int chunk = data.consumeInt(1, 4096);
        byte[] wire = data.consumeRemainingAsBytes();
        MemoryTransport transport = MemoryTransport.reading(wire).chunked(chunk);
        Conn conn = TestConns.over(transport, server, deflate);
        conn.setReadLimit(READ_LIMIT);
        try {
            for (int messages = 0; messages < 100_000; messages++) {
                if (streams) {
                    try (MessageInputStream in = conn.nextReader()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                } else {
                    byte[] payload = conn.readMessage().data();
                    if (payload.length > READ_LIMIT) {
                        throw new AssertionError("message of " + payload.length + " bytes passed the read limit");
                    }
                }
            }
            throw new AssertionError("100,000 messages from " + wire.length + " bytes");
        } catch (ProtocolViolationException e) {
            if (!VIOLATION_CODES.contains(e.closeCode())) {
                throw new AssertionError("protocol violation with close code " + e.closeCode(), e);
            }
            int sent = lastCloseCode(transport.written(), server);
            if (sent != -1 && sent != e.closeCode()) {
                throw new AssertionError("raised " + e.closeCode() + " but sent close code " + sent, e);
            }
        } catch (CloseException expected) {
            // the peer closed or vanished
        } catch (IOException e) {
            throw new AssertionError("read ended in " + e.getClass().getName() + " instead of a WebSocket error", e);
        } finally {
            conn.close();
        }
    }

    /** The status code of the last close frame in what we wrote; -1 when none was written. */
    private static int lastCloseCode(byte[] out, boolean server) {
        int code = -1;
        int p = 0;
        while (p + 2 <= out.length) {
            int opcode = out[p] & 0x0f;
            boolean masked = (out[p + 1] & 0x80) != 0;
            if (masked == server) {
                throw new AssertionError(server ? "server sent a masked frame" : "client sent an unmasked frame");
            }
            int len = out[p + 1] & 0x7f;
            int h = 2;
            if (len == 126) {
                len = ((out[p + 2] & 0xff) << 8) | (out[p + 3] & 0xff);
                h = 4;
            } else if (len == 127) {
                throw new AssertionError("a control reply with a 64-bit length");
            }
            int keyAt = p + h;
            if (masked) {
                h += 4;
            }
            if (opcode == 8 && len >= 2) {
                int b0 = out[p + h] & 0xff;
                int b1 = out[p + h + 1] & 0xff;
                if (masked) {
                    b0 ^= out[keyAt] & 0xff;
                    b1 ^= out[keyAt + 1] & 0xff;
                }
                code = (b0 << 8) | b1;
            }
            p += h + len;
        }
        return code;
    }
}
