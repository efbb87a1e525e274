package io.github.wsboot.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.MessageType;
import io.github.wsboot.websocket.Transport;
import io.github.wsboot.websocket.testing.MemoryTransport;

/** Frames as bytes on the wire: headers, masking, locks and deadlines of the frame writer. */
@Timeout(30)
class FrameWriterTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

    /** Mask keys 37 fa 21 3d, the key of RFC 6455's masked example, every time. */
    private static final class RfcMaskKeys extends Random {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] key = HEX.parseHex("37fa213d");
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = key[i % 4];
            }
        }
    }

    /** The connection side of the writer: records transport closes. */
    private static final class Owner implements FrameWriter.Owner {
        int transportCloses;

        @Override
        public IOException notWritable() {
            return new java.net.SocketException("not writable");
        }

        @Override
        public void closeTransport() {
            transportCloses++;
        }
    }

    private final MemoryTransport wire = MemoryTransport.reading(new byte[0]).chunked(1);
    private final CloseState closeState = new CloseState();
    private final Owner owner = new Owner();

    private FrameWriter writer(boolean server, int bufferSize) {
        return new FrameWriter(wire, server, closeState, bufferSize, null, null, owner, new RfcMaskKeys());
    }

    private String written() {
        return HEX.formatHex(wire.written());
    }

    // ---- RFC 6455 section 5.7 examples ----

    @Test
    void writesTheRfcExamples() throws IOException {
        writer(true, 4096).writeMessage(MessageType.TEXT, HELLO, 0, 5);
        assertThat(written()).isEqualTo("810548656c6c6f");
        wire.clearWritten();
        writer(false, 4096).writeMessage(MessageType.TEXT, HELLO, 0, 5);
        assertThat(written()).isEqualTo("818537fa213d7f9f4d5158");
        wire.clearWritten();
        FrameWriter server = writer(true, 4096);
        server.writeControl(MessageType.PING, HELLO, Deadlines.NONE);
        server.writeControl(MessageType.PONG, new byte[0], Deadlines.NONE);
        assertThat(written()).isEqualTo("890548656c6c6f" + "8a00");
        wire.clearWritten();
        writer(false, 4096).writeControl(MessageType.PONG, HELLO, Deadlines.NONE);
        assertThat(written()).isEqualTo("8a8537fa213d7f9f4d5158");
    }

    // ---- every length encoding, through the buffer and past it ----

    @ParameterizedTest(name = "{0} bytes")
    @MethodSource("io.github.wsboot.websocket.internal.TestFrames#lengthEncodings")
    void encodesEveryLengthForServerAndClient(int length, String header) throws IOException {
        byte[] payload = TestFrames.bytes(length, length);
        for (int bufferSize : new int[] {128, 70_000}) { // past the buffer: the large-frame path
            wire.clearWritten();
            writer(true, bufferSize).writeMessage(MessageType.BINARY, payload, 0, length);
            assertThat(written()).as("server, buffer %d", bufferSize).isEqualTo(header + HEX.formatHex(payload));

            wire.clearWritten();
            writer(false, bufferSize).writeMessage(MessageType.BINARY, payload, 0, length);
            byte[] key = HEX.parseHex("37fa213d");
            String maskedHeader = header.substring(0, 2)
                    + Integer.toHexString(HEX.parseHex(header)[1] & 0xff | 0x80)
                    + header.substring(4);
            assertThat(written())
                    .as("client, buffer %d", bufferSize)
                    .isEqualTo(maskedHeader + "37fa213d" + HEX.formatHex(TestFrames.unmask(key, payload.clone())));
        }
    }

    // ---- streamed messages ----

    @Test
    void controlFramesGoOutBetweenTheFramesOfAStreamedMessage() throws Exception {
        FrameWriter w = writer(true, 4096);
        w.lockMessage();
        byte[] buf = w.buffer();
        System.arraycopy(HELLO, 0, buf, FrameWriter.START, 3);
        w.writeFrame(buf, MessageType.TEXT, 3);
        Thread other = new Thread(() -> {
            try {
                w.writeControl(MessageType.PING, new byte[0], Deadlines.NONE); // takes only the frame lock
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        other.start();
        other.join(5000);
        System.arraycopy(HELLO, 3, buf, FrameWriter.START, 2);
        w.writeFrame(buf, 0x80, 2);
        w.unlockMessage();
        assertThat(written()).isEqualTo("010348656c" + "8900" + "80026c6f");
    }

    @Test
    void aSecondWriterWaitsForTheMessageNoLongerThanTheDeadline() throws Exception {
        FrameWriter w = writer(true, 4096);
        w.lockMessage();
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] failure = new Throwable[1];
        Thread other = new Thread(() -> {
            w.setTimeout(TimeUnit.MILLISECONDS.toNanos(100));
            try {
                w.writeMessage(MessageType.TEXT, HELLO, 0, 5);
            } catch (IOException e) {
                failure[0] = e;
            }
            done.countDown();
        });
        other.start();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failure[0])
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("websocket: write deadline exceeded waiting for another writer");
        w.unlockMessage();
        assertThat(written()).isEmpty();
    }

    @Test
    void borrowsThePoolsBufferPerMessageAndGivesItBack() throws IOException {
        List<byte[]> returned = new ArrayList<>();
        byte[] pooled = new byte[FrameWriter.START + 64];
        BufferPool pool = new BufferPool() {
            @Override
            public byte[] get() {
                return pooled;
            }

            @Override
            public void put(byte[] buffer) {
                returned.add(buffer);
            }
        };
        FrameWriter w = new FrameWriter(wire, true, closeState, 64, pool, null, owner, new RfcMaskKeys());
        w.writeMessage(MessageType.TEXT, HELLO, 0, 5);
        assertThat(returned).containsExactly(pooled);
        assertThat(written()).isEqualTo("810548656c6c6f");
    }

    // ---- compression ----

    @Test
    void compressesTheRfc7692Example() throws IOException {
        FrameWriter w = new FrameWriter(wire, true, closeState, 4096, null, new MessageDeflater(true, false, 6), owner);
        w.writeMessage(MessageType.TEXT, HELLO, 0, 5);
        assertThat(written()).isEqualTo("c107f248cdc9c90700");
        wire.clearWritten();
        w.enableCompression(false);
        w.writeMessage(MessageType.TEXT, HELLO, 0, 5);
        assertThat(written()).isEqualTo("810548656c6c6f");
    }

    // ---- close state ----

    @Test
    void nothingFollowsACloseFrame() throws IOException {
        FrameWriter w = writer(true, 4096);
        w.writeControl(MessageType.CLOSE, HEX.parseHex("03e8"), Deadlines.NONE);
        assertThat(closeState.state()).isEqualTo(CloseState.State.OUTPUT_SHUT);
        assertThatThrownBy(() -> w.writeMessage(MessageType.TEXT, HELLO, 0, 5)).hasMessage("not writable");
        assertThatThrownBy(() -> w.writeControl(MessageType.CLOSE, new byte[0], Deadlines.NONE))
                .hasMessage("not writable");
        assertThatThrownBy(() -> w.writeControl(MessageType.PING, new byte[0], Deadlines.NONE))
                .hasMessage("not writable");
        assertThat(written()).isEqualTo("880203e8");
    }

    // ---- timed writes ----

    @Test
    void aWritePastItsDeadlineClosesTheTransportAndFailsEveryLaterWrite() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        Transport stuck = new Transport() {
            @Override
            public int read(byte[] b, int off, int len) {
                return -1;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    released.await(); // a peer that does not read, until the transport is closed
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
                throw new IOException("socket closed");
            }

            @Override
            public SocketAddress localAddress() {
                return null;
            }

            @Override
            public SocketAddress remoteAddress() {
                return null;
            }

            @Override
            public void close() {
                released.countDown();
            }
        };
        FrameWriter.Owner closing = new FrameWriter.Owner() {
            @Override
            public IOException notWritable() {
                return new java.net.SocketException("not writable");
            }

            @Override
            public void closeTransport() {
                owner.transportCloses++;
                released.countDown();
            }
        };
        FrameWriter w = new FrameWriter(stuck, true, closeState, 4096, null, null, closing);
        w.setTimeout(TimeUnit.MILLISECONDS.toNanos(200));
        long start = System.nanoTime();
        Throwable first =
                org.assertj.core.api.Assertions.catchThrowable(() -> w.writeMessage(MessageType.TEXT, HELLO, 0, 5));
        assertThat(first).isInstanceOf(SocketTimeoutException.class).hasMessage("websocket: write deadline exceeded");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(150L, 3000L);
        assertThat(owner.transportCloses).isPositive();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> w.writeMessage(MessageType.TEXT, HELLO, 0, 5)))
                .isSameAs(first);
        w.close();
    }
}
