package io.github.wsboot.websocket.conformance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Autobahn's fuzzing server: tests a client. For each case it starts the client under test on its own
 * thread, accepts its connection, answers the opening handshake by hand and runs the case.
 */
final class FuzzingServer implements AutoCloseable {

    private static final int ACCEPT_TIMEOUT_MS = 5000;
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;
    /** How long the client may take to notice that the connection is gone. */
    private static final long CLIENT_EXIT_TIMEOUT_S = 5;

    private final ServerSocket listener;

    FuzzingServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(ACCEPT_TIMEOUT_MS);
    }

    CaseResult run(CaseSpec spec, Supplier<ClientUnderTest> clients) {
        return run(spec, clients, 1.0);
    }

    /** @param timeScale factor for the fuzzer's timers; 1 keeps Autobahn's */
    CaseResult run(CaseSpec spec, Supplier<ClientUnderTest> clients, double timeScale) {
        long started = System.currentTimeMillis();
        ClientUnderTest client = clients.get();
        String url = "ws://127.0.0.1:" + listener.getLocalPort() + "/runCase?case=" + spec.id() + "&agent=ws";
        CompletableFuture<Throwable> clientEnd = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        client.dialAndEcho(url);
                        clientEnd.complete(null);
                    } catch (Throwable e) {
                        clientEnd.complete(e);
                    }
                },
                "client-under-test-" + spec.id());
        thread.setDaemon(true);
        thread.start();

        CaseResult result;
        Socket socket = null;
        try {
            socket = listener.accept();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            OutputStream out = socket.getOutputStream();
            DeflateAgreement[] agreed = new DeflateAgreement[1];
            Handshake.asServer(in, out, offers -> answer(spec, offers, agreed));
            socket.setSoTimeout(0);
            result = new FuzzSession(true, socket, in, out, spec, timeScale, agreed[0]).run();
        } catch (SocketTimeoutException e) {
            result = CaseResult.failed(
                    spec,
                    "the client under test did not connect: " + clientEnd.getNow(null),
                    System.currentTimeMillis() - started);
        } catch (IOException e) {
            result = CaseResult.failed(
                    spec,
                    "The WebSocket opening handshake was never completed: " + e,
                    System.currentTimeMillis() - started);
        } finally {
            closeQuietly(socket);
        }
        return awaitClientExit(spec, client, clientEnd, result);
    }

    /**
     * Autobahn's server side of the negotiation: the client's permessage-deflate offers parsed as Autobahn
     * parses them (a bad one fails the handshake), then the case's accept function; other extensions are
     * ignored. Cases without compression accept nothing.
     *
     * @param agreed receives the agreement, if any
     * @return the {@code Sec-WebSocket-Extensions} answer, or null
     */
    private static String answer(CaseSpec spec, String header, DeflateAgreement[] agreed) {
        List<DeflateOffer> offers = new ArrayList<>();
        for (ExtensionParams.Extension e : ExtensionParams.parse(header)) {
            if (e.name().equals(DeflateOffer.NAME)) {
                offers.add(DeflateOffer.parse(e.params()));
            }
        }
        if (spec.deflate() == null || offers.isEmpty()) {
            return null;
        }
        DeflateAgreement.Accepted accepted = spec.deflate().serverAccept().accept(offers);
        if (accepted == null) {
            return null;
        }
        agreed[0] = accepted.agreement();
        return accepted.header();
    }

    /** The client must notice the end of the connection: a client that hangs on is a failure too. */
    private static CaseResult awaitClientExit(
            CaseSpec spec, ClientUnderTest client, CompletableFuture<Throwable> end, CaseResult result) {
        try {
            end.get(CLIENT_EXIT_TIMEOUT_S, TimeUnit.SECONDS);
            return result;
        } catch (TimeoutException e) {
            client.abort();
            return CaseResult.failed(
                    spec,
                    "the client under test was still reading " + CLIENT_EXIT_TIMEOUT_S
                            + " s after the connection was gone ("
                            + result.outcome().label() + ": " + result.reason() + ")",
                    result.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.abort();
            return result;
        } catch (ExecutionException e) {
            return result;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing to release.
            }
        }
    }
}
