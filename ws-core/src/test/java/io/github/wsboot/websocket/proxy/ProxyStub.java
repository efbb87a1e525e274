package io.github.wsboot.websocket.proxy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.wsboot.websocket.testing.RawWsClient;
import io.github.wsboot.websocket.testing.StubSockets;

/**
 * An in-test proxy on a loopback port for what real proxies do not do on demand: every SOCKS5 reply code,
 * oversized or malformed answers, silence, TLS to the proxy. Each accepted connection is served on a thread of
 * its own by a {@link Behaviour}; what the client asked for is recorded in {@link #requests()}. The relaying
 * behaviours ignore the requested destination and connect to a fixed loopback port, so that a URL's host can be
 * a name nobody resolves.
 */
final class ProxyStub implements AutoCloseable {

    /** Serves one accepted connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket client, ProxyStub stub) throws IOException;
    }

    private final Behaviour behaviour;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final StubSockets sockets;

    private ProxyStub(ServerSocket server, Behaviour behaviour) {
        this.behaviour = behaviour;
        this.sockets = StubSockets.start(server, "proxy-stub", this::serve);
    }

    static ProxyStub start(Behaviour behaviour) throws IOException {
        return new ProxyStub(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
    }

    /** A stub that speaks TLS with {@code context}'s certificate: an {@code https://} proxy. */
    static ProxyStub startTls(SSLContext context, Behaviour behaviour) throws IOException {
        ServerSocket s = context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new ProxyStub(s, behaviour);
    }

    int port() {
        return sockets.port();
    }

    URI url(String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /** What clients asked for, one entry per connection: the CONNECT head, or "SOCKS5 ..." lines. */
    BlockingQueue<String> requests() {
        return requests;
    }

    String takeRequest(Duration timeout) throws InterruptedException {
        return requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void record(String request) {
        requests.add(request);
    }

    // ---- behaviours ----

    /**
     * HTTP CONNECT: reads the request head, answers 407 unless {@code requiredAuthorization} is null or equals
     * the {@code Proxy-Authorization} header, else 200, and relays to {@code 127.0.0.1:backendPort}.
     */
    static Behaviour httpRelay(int backendPort, String requiredAuthorization) {
        return (client, stub) -> {
            String head = RawWsClient.readHead(client.getInputStream());
            stub.record(head);
            String auth = header(head, "Proxy-Authorization");
            if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
                write(
                        client,
                        "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"stub\"\r\n"
                                + "Content-Length: 0\r\n\r\n");
                return;
            }
            write(client, "HTTP/1.1 200 Connection established\r\n\r\n");
            relay(client, backendPort);
        };
    }

    /** Reads the CONNECT head and writes {@code answer}, then keeps the connection open. */
    static Behaviour httpAnswer(byte[] answer) {
        return (client, stub) -> {
            stub.record(RawWsClient.readHead(client.getInputStream()));
            client.getOutputStream().write(answer);
            client.getOutputStream().flush();
            holdOpen(client);
        };
    }

    /** Accepts and never says a word. */
    static Behaviour silent() {
        return (client, stub) -> holdOpen(client);
    }

    /**
     * SOCKS5 without authentication: records "SOCKS5 methods=[..] atyp=N host:port", answers the CONNECT with
     * {@code reply} (bound address 0.0.0.0:0), and for reply 0 relays to {@code 127.0.0.1:backendPort}.
     */
    static Behaviour socks(int reply, int backendPort) {
        return socks(reply, backendPort, new byte[] {1, 0, 0, 0, 0, 0, 0});
    }

    /** Same as {@link #socks(int, int)} with the reply's bound address given as ATYP, address and port bytes. */
    static Behaviour socks(int reply, int backendPort, byte[] bound) {
        return (client, stub) -> {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            int version = in.readUnsignedByte();
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            out.write(new byte[] {5, 0});
            String destination = readSocksRequest(in);
            stub.record(
                    "SOCKS5 version=" + version + " methods=" + java.util.Arrays.toString(methods) + " " + destination);
            byte[] answer = new byte[3 + bound.length];
            answer[0] = 5;
            answer[1] = (byte) reply;
            System.arraycopy(bound, 0, answer, 3, bound.length);
            out.write(answer);
            out.flush();
            if (reply == 0) {
                relay(client, backendPort);
            } else {
                holdOpen(client);
            }
        };
    }

    /** Reads the SOCKS5 greeting and answers with the raw {@code bytes}, then keeps the connection open. */
    static Behaviour socksGreetingAnswer(byte[] bytes) {
        return (client, stub) -> {
            DataInputStream in = new DataInputStream(client.getInputStream());
            in.readUnsignedByte();
            byte[] methods = new byte[in.readUnsignedByte()];
            in.readFully(methods);
            stub.record("SOCKS5 methods=" + java.util.Arrays.toString(methods));
            client.getOutputStream().write(bytes);
            client.getOutputStream().flush();
            holdOpen(client);
        };
    }

    /** "atyp=N host:port" of a SOCKS5 CONNECT request. */
    static String readSocksRequest(DataInputStream in) throws IOException {
        in.readUnsignedByte(); // version
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int atyp = in.readUnsignedByte();
        String host =
                switch (atyp) {
                    case 1 -> {
                        byte[] a = new byte[4];
                        in.readFully(a);
                        yield InetAddress.getByAddress(a).getHostAddress();
                    }
                    case 4 -> {
                        byte[] a = new byte[16];
                        in.readFully(a);
                        yield "[" + InetAddress.getByAddress(a).getHostAddress() + "]";
                    }
                    case 3 -> {
                        byte[] a = new byte[in.readUnsignedByte()];
                        in.readFully(a);
                        yield new String(a, StandardCharsets.US_ASCII);
                    }
                    default -> "?";
                };
        int port = in.readUnsignedShort();
        return "command=" + command + " atyp=" + atyp + " " + host + ":" + port;
    }

    // ---- plumbing ----

    static void relay(Socket client, int backendPort) throws IOException {
        Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
        Thread up = pump(client.getInputStream(), backend.getOutputStream(), backend, "up");
        Thread down = pump(backend.getInputStream(), client.getOutputStream(), client, "down");
        try {
            up.join();
            down.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backend.close();
            client.close();
        }
    }

    private static Thread pump(InputStream in, OutputStream out, Socket to, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[8192];
                    try {
                        for (int n; (n = in.read(buf)) >= 0; ) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side went away
                    }
                    try {
                        to.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                },
                "proxy-stub-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void holdOpen(Socket client) {
        try {
            InputStream in = client.getInputStream();
            while (in.read() >= 0) {
                // discard until the client goes
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    /** Serves an accepted connection on a thread of its own. */
    private void serve(Socket s) {
        Thread t = new Thread(
                () -> {
                    try {
                        s.setSoTimeout(30_000);
                        behaviour.serve(s, this);
                    } catch (IOException e) {
                        // the client went away mid-exchange: what some tests provoke
                    } finally {
                        try {
                            s.close();
                        } catch (IOException e) {
                            // closing anyway
                        }
                    }
                },
                "proxy-stub-conn");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        sockets.close();
    }
}
