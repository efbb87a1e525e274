package io.github.wsboot.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link BoundedBufferPool}, and how a connection uses a write buffer pool. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BufferPoolTest {

    /** A pool that counts what the connection takes and gives back. */
    static final class CountingPool implements BufferPool {
        final BufferPool delegate = BufferPool.bounded(4);
        final AtomicInteger gets = new AtomicInteger();
        final AtomicInteger puts = new AtomicInteger();
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicInteger maxOutstanding = new AtomicInteger();

        @Override
        public byte[] get() {
            gets.incrementAndGet();
            maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            return delegate.get();
        }

        @Override
        public void put(byte[] buffer) {
            puts.incrementAndGet();
            outstanding.decrementAndGet();
            delegate.put(buffer);
        }
    }

    @Test
    void boundedPoolKeepsAtMostItsCapacity() {
        BufferPool pool = BufferPool.bounded(2);
        assertThat(pool.get()).isNull();
        byte[] a = new byte[1];
        byte[] b = new byte[1];
        byte[] c = new byte[1];
        pool.put(a);
        pool.put(b);
        pool.put(c); // dropped
        Set<byte[]> out = Collections.newSetFromMap(new IdentityHashMap<>());
        out.add(pool.get());
        out.add(pool.get());
        assertThat(out).hasSize(2).containsOnly(a, b);
        assertThat(pool.get()).isNull();
        assertThatThrownBy(() -> BufferPool.bounded(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void boundedPoolNeverHandsOneBufferToTwoThreads() throws Exception {
        BufferPool pool = BufferPool.bounded(8);
        for (int i = 0; i < 8; i++) {
            pool.put(new byte[1]);
        }
        Set<byte[]> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(TestData.async("pool-" + t, () -> {
                for (int i = 0; i < 100_000; i++) {
                    byte[] b = pool.get();
                    if (b == null) {
                        continue;
                    }
                    if (!held.add(b)) {
                        throw new AssertionError("buffer handed out twice");
                    }
                    held.remove(b);
                    pool.put(b);
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> t : threads) {
            t.get(20, TimeUnit.SECONDS);
        }
        int left = 0;
        while (pool.get() != null) {
            left++;
        }
        assertThat(left).as("no buffer lost or duplicated").isEqualTo(8);
    }

    @Test
    void aConnectionHoldsAPooledBufferOnlyWhileWriting() throws Exception {
        CountingPool pool = new CountingPool();
        try (ConnPair pair =
                ConnPair.builder().serverPool(pool).clientPool(pool).open()) {
            assertThat(pool.gets.get())
                    .as("nothing taken before the first write")
                    .isZero();
            pair.server.writeText("a");
            assertThat(pool.outstanding.get()).isZero();
            assertThat(pool.gets.get()).isEqualTo(1);
            pair.server.writeMessage(MessageType.BINARY, new byte[100_000]); // the large-frame path
            assertThat(pool.outstanding.get()).isZero();
            try (MessageOutputStream out = pair.client.nextWriter(MessageType.TEXT)) {
                assertThat(pool.outstanding.get())
                        .as("held while the writer is open")
                        .isEqualTo(1);
                out.write(new byte[10_000]);
            }
            assertThat(pool.outstanding.get()).isZero();
            pair.server.writeControl(MessageType.PING, new byte[0], null);
            pair.server.writePreparedMessage(PreparedMessage.ofText("prepared"));
            assertThat(pool.outstanding.get()).isZero();
            assertThat(pair.client.readMessage().text()).isEqualTo("a");
            assertThat(pair.client.readMessage().data()).hasSize(100_000);
            assertThat(pair.client.readMessage().text()).isEqualTo("prepared");
            assertThat(pair.server.readMessage().data()).hasSize(10_000);
            assertThat(pool.puts.get()).isEqualTo(pool.gets.get());
        }
    }

    @Test
    void concurrentWritersShareOnePooledBufferPerConnection() throws Exception {
        CountingPool pool = new CountingPool();
        try (ConnPair pair = ConnPair.builder().serverPool(pool).open()) {
            CompletableFuture<Integer> reader = TestData.async("reader", () -> {
                int n = 0;
                try {
                    while (true) {
                        pair.client.readMessage();
                        n++;
                    }
                } catch (CloseException e) {
                    return n;
                }
            });
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(TestData.async("writer-" + t, () -> {
                    for (int i = 0; i < 500; i++) {
                        pair.server.writeMessage(MessageType.BINARY, new byte[i * 20]);
                    }
                    return null;
                }));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get(20, TimeUnit.SECONDS);
            }
            pair.server.writeControl(MessageType.CLOSE, WebSockets.formatCloseMessage(1000, ""), null);
            assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(2000);
            assertThat(pool.maxOutstanding.get())
                    .as("one connection, one buffer at a time")
                    .isEqualTo(1);
            assertThat(pool.outstanding.get()).isZero();
        }
    }

    @Test
    void aBufferOfTheWrongSizeFromThePoolIsNotUsed() throws Exception {
        BufferPool wrong = new BufferPool() {
            @Override
            public byte[] get() {
                return new byte[3];
            }

            @Override
            public void put(byte[] buffer) {
                assertThat(buffer.length).isGreaterThan(3);
            }
        };
        try (ConnPair pair = ConnPair.builder().serverPool(wrong).open()) {
            pair.server.writeText("still works");
            assertThat(pair.client.readMessage().text()).isEqualTo("still works");
        }
    }
}
