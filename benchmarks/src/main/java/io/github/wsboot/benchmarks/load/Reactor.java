package io.github.wsboot.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The load client's single thread: one NIO selector for every connection, one shared direct read buffer.
 * Opens connections (with a bound on handshakes in flight), then dispatches arrivals to a {@link Listener}.
 */
final class Reactor implements AutoCloseable {

    /** Told of data messages as they complete. */
    interface Listener {
        void messages(Peer peer, int count, long now) throws IOException;
    }

    private final Selector selector;
    private final InetSocketAddress address;
    private final byte[] handshake;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(1 << 20);
    private final List<Peer> peers = new ArrayList<>();
    private Listener listener = (peer, count, now) -> {};

    Reactor(String host, int port, String path) throws IOException {
        this.selector = Selector.open();
        this.address = new InetSocketAddress(host, port);
        this.handshake = ClientFrames.handshake(host, port, path);
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * Opens {@code n} connections, at most {@code concurrency} handshakes at a time, and returns when all
     * are open. Fails if a handshake is refused or {@code timeoutNanos} passes.
     */
    List<Peer> open(int n, int concurrency, long timeoutNanos) throws IOException {
        List<Peer> opened = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeoutNanos;
        int started = 0;
        int pending = 0;
        while (opened.size() < n) {
            while (started < n && pending < concurrency) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Peer peer = new Peer(ch);
                peer.key = ch.register(selector, SelectionKey.OP_CONNECT, peer);
                ch.connect(address);
                peers.add(peer);
                started++;
                pending++;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + opened.size() + " of " + n + " connections opened in time");
            }
            selector.select(100);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                Peer peer = (Peer) key.attachment();
                if (!peer.open && handshakeStep(peer)) {
                    opened.add(peer);
                    pending--;
                } else if (peer.open) {
                    dispatch(peer, System.nanoTime());
                }
            }
        }
        return opened;
    }

    /** Waits up to {@code timeoutMillis} for events and handles them. */
    void poll(long timeoutMillis) throws IOException {
        if (timeoutMillis <= 0) {
            selector.selectNow();
        } else {
            selector.select(timeoutMillis);
        }
        long now = System.nanoTime();
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Peer peer = (Peer) key.attachment();
            if (key.isValid() && key.isWritable()) {
                peer.flush();
            }
            if (key.isValid() && key.isReadable()) {
                dispatch(peer, now);
            }
        }
    }

    private boolean handshakeStep(Peer peer) throws IOException {
        SelectionKey key = peer.key;
        if (key.isConnectable()) {
            peer.channel.finishConnect();
            peer.channel.write(ByteBuffer.wrap(handshake)); // ~150 bytes always fit a fresh socket buffer
            key.interestOps(SelectionKey.OP_READ);
            return false;
        }
        ByteBuffer in = peer.handshakeIn;
        if (peer.channel.read(in) < 0) {
            throw new IOException("server closed the connection during the handshake");
        }
        int end = headEnd(in);
        if (end < 0) {
            if (!in.hasRemaining()) {
                throw new IOException("handshake response larger than " + in.capacity() + " bytes");
            }
            return false;
        }
        String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 101") || !head.contains(ClientFrames.EXPECTED_ACCEPT)) {
            throw new IOException(
                    "handshake refused: " + head.lines().findFirst().orElse(head));
        }
        ByteBuffer rest = ByteBuffer.wrap(in.array(), end, in.position() - end);
        peer.handshakeIn = null;
        peer.open = true;
        int messages = peer.scanner.feed(rest);
        if (messages > 0) {
            peer.received += messages;
            listener.messages(peer, messages, System.nanoTime());
        }
        return true;
    }

    /** Index just past the blank line ending an HTTP head, or -1. */
    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private void dispatch(Peer peer, long now) throws IOException {
        while (true) {
            readBuffer.clear();
            int n = peer.channel.read(readBuffer);
            if (n < 0) {
                throw new IOException(
                        "server closed a connection" + (peer.scanner.closeReceived() ? " (close frame)" : ""));
            }
            if (n == 0) {
                return;
            }
            readBuffer.flip();
            int messages = peer.scanner.feed(readBuffer);
            if (peer.scanner.violation() != null) {
                throw new IOException(peer.scanner.violation());
            }
            if (messages > 0) {
                peer.received += messages;
                listener.messages(peer, messages, now);
            }
            if (n < readBuffer.capacity()) {
                return;
            }
        }
    }

    /**
     * Closes politely, so servers see a close handshake rather than broken pipes: sends a close frame on each
     * open connection whose send queue is empty, then reads and drops what still arrives (echoes in flight, the
     * server's close frame) until the server closes or 2 s pass, then closes every socket.
     */
    @Override
    public void close() throws IOException {
        ByteBuffer close = ByteBuffer.wrap(ClientFrames.close());
        int draining = 0;
        for (Peer peer : peers) {
            try {
                if (peer.open && peer.channel.isOpen() && peer.flush()) {
                    peer.channel.write(close.clear());
                    peer.key.interestOps(SelectionKey.OP_READ);
                    draining++;
                } else {
                    peer.channel.close();
                }
            } catch (IOException e) {
                peer.channel.close();
            }
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (draining > 0 && System.nanoTime() < deadline) {
            selector.select(50);
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                Peer peer = (Peer) key.attachment();
                int n;
                try {
                    do {
                        readBuffer.clear();
                        n = peer.channel.read(readBuffer);
                    } while (n > 0);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    peer.channel.close();
                    draining--;
                }
            }
        }
        for (Peer peer : peers) {
            peer.channel.close();
        }
        selector.close();
    }
}
