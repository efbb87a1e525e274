package io.github.wsboot.websocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.UnaryOperator;

import io.github.wsboot.websocket.transport.SocketTransport;

/**
 * A server {@link Conn} and a client {@link Conn} joined by a real loopback TCP connection, without HTTP: the
 * package-private constructor is called directly, so this fixture must live in Conn's package.
 * {@link #raw()} gives one Conn and one bare socket for byte-level tests.
 */
final class ConnPair implements AutoCloseable {

    final Conn server;
    final Conn client;
    final Socket serverSocket;
    final Socket clientSocket;
    /** The server's transport, when the builder was asked to {@link Builder#observeServer() observe} it. */
    ObservedTransport observedServer;
    /** The client's transport, when the builder was asked to {@link Builder#observeClient() observe} it. */
    ObservedTransport observedClient;

    private ConnPair(Conn server, Conn client, Socket serverSocket, Socket clientSocket) {
        this.server = server;
        this.client = client;
        this.serverSocket = serverSocket;
        this.clientSocket = clientSocket;
    }

    static ConnPair open() throws IOException {
        return builder().open();
    }

    static Builder builder() {
        return new Builder();
    }

    /** The Conn on the given side. */
    Conn side(boolean serverSide) {
        return serverSide ? server : client;
    }

    /** The Conn on the other side. */
    Conn peer(boolean serverSide) {
        return serverSide ? client : server;
    }

    @Override
    public void close() {
        server.closeNow();
        client.closeNow();
        closeQuietly(serverSocket);
        closeQuietly(clientSocket);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** Two connected loopback sockets: [0] accepted (server side), [1] connecting (client side). */
    static Socket[] socketPair(int socketBufferSize) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            if (socketBufferSize > 0) {
                listener.setReceiveBufferSize(socketBufferSize);
            }
            Socket client = new Socket();
            if (socketBufferSize > 0) {
                client.setReceiveBufferSize(socketBufferSize);
                client.setSendBufferSize(socketBufferSize);
            }
            client.setTcpNoDelay(true);
            client.connect(listener.getLocalSocketAddress(), 5000);
            Socket server = listener.accept();
            if (socketBufferSize > 0) {
                server.setSendBufferSize(socketBufferSize);
            }
            server.setTcpNoDelay(true);
            return new Socket[] {server, client};
        }
    }

    /** One Conn over a loopback socket whose other end is a bare socket the test reads and writes itself. */
    static final class Raw implements AutoCloseable {
        final Conn conn;
        final Socket connSocket;
        final Socket peer;

        Raw(Conn conn, Socket connSocket, Socket peer) {
            this.conn = conn;
            this.connSocket = connSocket;
            this.peer = peer;
        }

        /** Writes raw bytes to the Conn. */
        void send(byte[] bytes) throws IOException {
            peer.getOutputStream().write(bytes);
            peer.getOutputStream().flush();
        }

        /** Reads exactly {@code n} bytes that the Conn wrote. */
        byte[] receive(int n) throws IOException {
            return peer.getInputStream().readNBytes(n);
        }

        @Override
        public void close() {
            conn.closeNow();
            closeQuietly(connSocket);
            closeQuietly(peer);
        }
    }

    static final class Builder {
        private int readBufferSize = 4096;
        private int writeBufferSize = 4096;
        private BufferPool serverPool;
        private BufferPool clientPool;
        private JsonCodec jsonCodec;
        private int socketBufferSize;
        private UnaryOperator<Transport> serverTransport = UnaryOperator.identity();
        private UnaryOperator<Transport> clientTransport = UnaryOperator.identity();
        private ObservedTransport observedServer;
        private ObservedTransport observedClient;

        Builder readBufferSize(int bytes) {
            this.readBufferSize = bytes;
            return this;
        }

        Builder writeBufferSize(int bytes) {
            this.writeBufferSize = bytes;
            return this;
        }

        Builder serverPool(BufferPool pool) {
            this.serverPool = pool;
            return this;
        }

        Builder clientPool(BufferPool pool) {
            this.clientPool = pool;
            return this;
        }

        Builder jsonCodec(JsonCodec codec) {
            this.jsonCodec = codec;
            return this;
        }

        /** SO_SNDBUF/SO_RCVBUF for both sockets, so that a peer that stops reading blocks writers sooner. */
        Builder socketBufferSize(int bytes) {
            this.socketBufferSize = bytes;
            return this;
        }

        Builder wrapServerTransport(UnaryOperator<Transport> wrapper) {
            this.serverTransport = wrapper;
            return this;
        }

        Builder wrapClientTransport(UnaryOperator<Transport> wrapper) {
            this.clientTransport = wrapper;
            return this;
        }

        /** Wraps the server's transport in an {@link ObservedTransport}, which {@link ConnPair#observedServer} is. */
        Builder observeServer() {
            return wrapServerTransport(t -> observedServer = new ObservedTransport(t));
        }

        /** Same as {@link #observeServer()} for the client's transport; {@code nativeTimeouts} as the transport's. */
        Builder observeClient(boolean nativeTimeouts) {
            return wrapClientTransport(t -> observedClient = new ObservedTransport(t, nativeTimeouts));
        }

        /** {@link #observeClient(boolean)} of a transport with native read timeouts. */
        Builder observeClient() {
            return observeClient(true);
        }

        /** A Conn in the server or client role over {@code transport}, wrapped as this builder says. */
        private Conn conn(boolean server, Transport transport) {
            return new Conn(
                    (server ? serverTransport : clientTransport).apply(transport),
                    server,
                    settings(server ? serverPool : clientPool),
                    "",
                    null,
                    null,
                    null);
        }

        private ConnectionOptions settings(BufferPool pool) {
            return ConnectionOptions.builder()
                    .readBufferSize(readBufferSize)
                    .writeBufferSize(writeBufferSize)
                    .writeBufferPool(pool)
                    .jsonCodec(jsonCodec)
                    .build();
        }

        /**
         * A pair whose sockets speak TLS, layered over the loopback TCP sockets as the Dialer does, each
         * transport knowing its plain socket.
         */
        ConnPair openTls(javax.net.ssl.SSLContext context) throws Exception {
            Socket[] s = socketPair(socketBufferSize);
            javax.net.ssl.SSLSocketFactory factory = context.getSocketFactory();
            javax.net.ssl.SSLSocket serverTls = (javax.net.ssl.SSLSocket) factory.createSocket(s[0], null, true);
            serverTls.setUseClientMode(false);
            javax.net.ssl.SSLSocket clientTls =
                    (javax.net.ssl.SSLSocket) factory.createSocket(s[1], "127.0.0.1", s[1].getPort(), true);
            clientTls.setUseClientMode(true);
            java.util.concurrent.CompletableFuture<Void> serverHandshake =
                    TestData.async("tls-server-handshake", () -> {
                        serverTls.startHandshake();
                        return null;
                    });
            clientTls.startHandshake();
            serverHandshake.get(10, java.util.concurrent.TimeUnit.SECONDS);
            return new ConnPair(
                    conn(true, new SocketTransport(serverTls, s[0])),
                    conn(false, new SocketTransport(clientTls, s[1])),
                    s[0],
                    s[1]);
        }

        ConnPair open() throws IOException {
            Socket[] s = socketPair(socketBufferSize);
            ConnPair pair = new ConnPair(
                    conn(true, new SocketTransport(s[0])), conn(false, new SocketTransport(s[1])), s[0], s[1]);
            pair.observedServer = observedServer;
            pair.observedClient = observedClient;
            return pair;
        }

        /** A Conn on {@code serverSide} (server or client role) and a bare socket as its peer. */
        Raw openRaw(boolean serverSide) throws IOException {
            Socket[] s = socketPair(socketBufferSize);
            Socket mine = serverSide ? s[0] : s[1];
            Socket peer = serverSide ? s[1] : s[0];
            Conn conn = conn(serverSide, new SocketTransport(mine));
            return new Raw(conn, mine, peer);
        }
    }
}
