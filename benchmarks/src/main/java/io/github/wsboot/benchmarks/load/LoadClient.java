package io.github.wsboot.benchmarks.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The load benchmark's client: one thread, one NIO selector, pre-encoded masked frames. Prints one
 * {@code RESULT key=value ...} line per measurement to stdout (the driver script collects them).
 *
 * <pre>
 * --mode echo      --conns N --size B --type text|binary [--depth D]   closed-loop echo on /echo, D in flight per connection
 * --mode idle      --conns N [--concurrency C] [--hold-file F]         opens N connections (handshakes/s), prints READY,
 *                                                                      holds them until file F exists, then closes
 * --mode broadcast --conns N --size B                                  N subscribers + 1 publisher on /broadcast;
 *                                                                      one broadcast in flight; deliveries/s and time to last delivery
 * common: --host --port --warmup S --duration S --server-pid P (server CPU from /proc) --clk-tck 100
 * </pre>
 */
public final class LoadClient {

    private final LoadOptions options;
    private final CpuClock self;
    private final CpuClock server;

    LoadClient(LoadOptions options) {
        this.options = options;
        int ticks = options.integer("clk-tck");
        this.self = CpuClock.self(ticks);
        long pid = options.integer("server-pid");
        this.server = pid > 0 ? new CpuClock(pid, ticks) : null;
    }

    public static void main(String[] args) throws Exception {
        LoadClient client = new LoadClient(new LoadOptions(args));
        String mode = client.options.string("mode");
        String result =
                switch (mode) {
                    case "echo" -> client.echo();
                    case "idle" -> client.idle();
                    case "broadcast" -> client.broadcast();
                    default -> throw new IllegalArgumentException("--mode must be echo, idle or broadcast: " + mode);
                };
        System.out.println("RESULT mode=" + mode + " " + result);
    }

    private String path(String fallback) {
        String p = options.string("path");
        return p.isEmpty() ? fallback : p;
    }

    private int opcode() {
        String type = options.string("type");
        return switch (type) {
            case "text" -> ClientFrames.TEXT;
            case "binary" -> ClientFrames.BINARY;
            default -> throw new IllegalArgumentException("--type must be text or binary: " + type);
        };
    }

    /** Closed loop: each connection keeps {@code depth} messages in flight and sends one per echo received. */
    String echo() throws IOException {
        int conns = options.integer("conns");
        int depth = options.integer("depth");
        byte[] frame = ClientFrames.maskedFrame(opcode(), ClientFrames.payload(options.integer("size")));
        ByteBuffer template = ClientFrames.repeated(frame, depth);
        Window window = new Window(self, server);
        try (Reactor reactor = new Reactor(options.string("host"), options.integer("port"), path("/echo"))) {
            reactor.listener((peer, count, now) -> {
                for (int i = 0; i < count; i++) {
                    window.record(now - peer.answered());
                }
                window.messages += count;
                peer.queue(count, now);
                peer.flush();
            });
            List<Peer> peers = reactor.open(conns, options.integer("concurrency"), 60_000_000_000L);
            long now = System.nanoTime();
            for (Peer peer : peers) {
                peer.sends(template, frame.length, depth);
                peer.queue(depth, now);
                peer.flush();
            }
            run(reactor, window);
        }
        return window.figures("messages") + " conns=" + conns + " size=" + options.integer("size") + " type="
                + options.string("type") + " depth=" + depth;
    }

    /** Opens N connections as fast as the server accepts them, holds them for the memory probe, closes. */
    String idle() throws Exception {
        int conns = options.integer("conns");
        Window window = new Window(self, server);
        String holdFile = options.string("hold-file");
        try (Reactor reactor = new Reactor(options.string("host"), options.integer("port"), path("/echo"))) {
            window.start();
            reactor.open(conns, options.integer("concurrency"), 300_000_000_000L);
            window.messages = conns;
            window.stop();
            System.out.println("READY " + conns + " connections open");
            System.out.flush();
            if (!holdFile.isEmpty()) {
                long deadline = System.nanoTime() + (long) (options.seconds("hold-timeout") * 1e9);
                while (!Files.exists(Path.of(holdFile)) && System.nanoTime() < deadline) {
                    reactor.poll(50);
                }
            }
        }
        return window.figures("handshakes").replace("server_cpu_us_per_msg", "server_cpu_us_per_handshake") + " conns="
                + conns;
    }

    /** One publisher, N subscribers; the next broadcast goes out when every subscriber has the last one. */
    String broadcast() throws IOException {
        int subs = options.integer("conns");
        byte[] frame = ClientFrames.maskedFrame(opcode(), ClientFrames.payload(options.integer("size")));
        Window window = new Window(self, server);
        try (Reactor reactor = new Reactor(options.string("host"), options.integer("port"), path("/broadcast"))) {
            reactor.open(subs, options.integer("concurrency"), 120_000_000_000L);
            Peer publisher = reactor.open(1, 1, 10_000_000_000L).get(0);
            publisher.sends(ClientFrames.repeated(frame, 1), frame.length, 1);
            settle(reactor);
            long[] round = {0, 0}; // broadcasts completed, subscribers that have the current one
            reactor.listener((peer, count, now) -> {
                if (peer == publisher) {
                    throw new IOException("the server sent the publisher its own broadcast");
                }
                if (peer.received == round[0] + 1) {
                    if (++round[1] == subs) {
                        window.record(now - publisher.answered());
                        window.messages += subs;
                        round[0]++;
                        round[1] = 0;
                        publisher.queue(1, now);
                        publisher.flush();
                    }
                } else if (peer.received > round[0] + 1) {
                    throw new IOException("a subscriber got a broadcast that was not sent");
                }
            });
            publisher.queue(1, System.nanoTime());
            publisher.flush();
            run(reactor, window);
        }
        return window.figures("deliveries") + " subscribers=" + subs + " size=" + options.integer("size");
    }

    /** Gives servers that register a connection after the handshake response a moment to do so. */
    private static void settle(Reactor reactor) throws IOException {
        long end = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < end) {
            reactor.poll(50);
        }
    }

    /** Warmup, then the measured window; fails if nothing at all arrives for 10 s. */
    private void run(Reactor reactor, Window window) throws IOException {
        long warmupEnd = System.nanoTime() + (long) (options.seconds("warmup") * 1e9);
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < warmupEnd) {
            reactor.poll(10);
            lastProgress = stallCheck(window, lastCount, lastProgress);
            lastCount = window.messages;
        }
        window.start();
        long end = System.nanoTime() + (long) (options.seconds("duration") * 1e9);
        lastCount = -1;
        while (System.nanoTime() < end) {
            reactor.poll(10);
            lastProgress = stallCheck(window, lastCount, lastProgress);
            lastCount = window.messages;
        }
        window.stop();
    }

    private static long stallCheck(Window window, long lastCount, long lastProgress) throws IOException {
        long now = System.nanoTime();
        if (window.messages != lastCount) {
            return now;
        }
        if (now - lastProgress > 10_000_000_000L) {
            throw new IOException("no message for 10 s: the server stalled");
        }
        return lastProgress;
    }
}
