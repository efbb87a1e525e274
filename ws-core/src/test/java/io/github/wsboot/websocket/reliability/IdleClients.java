package io.github.wsboot.websocket.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.github.wsboot.websocket.testing.RawWsClient;

/**
 * Holds many idle WebSocket client connections in a process of its own, so that the server's JVM, which
 * {@link IdleConnectionsTest} measures, has only the server ends in its file descriptor limit. Arguments:
 * port, count. Prints {@code READY n} when every handshake has succeeded, then waits for a line on standard
 * input and closes everything.
 */
public final class IdleClients {

    private IdleClients() {}

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>(count));
        byte[] request = ("GET /idle HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: "
                        + Base64.getEncoder().encodeToString(new byte[16])
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> connectors = new ArrayList<>();
        for (int t = 0; t < 8; t++) { // handshakes in parallel: the server's side of each costs a thread start
            Thread thread = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        Socket s = new Socket();
                        // Generous: on a loaded machine the server may take long to accept and answer.
                        s.connect(new InetSocketAddress("127.0.0.1", port), 60_000);
                        s.setSoTimeout(120_000);
                        s.getOutputStream().write(request);
                        String head = RawWsClient.readHead(s.getInputStream());
                        if (!head.startsWith("HTTP/1.1 101")) {
                            System.out.println("FAILED " + i + " "
                                    + head.lines().findFirst().orElse(""));
                            System.exit(2);
                        }
                        sockets.add(s);
                    }
                } catch (IOException e) {
                    System.out.println("FAILED " + e);
                    System.exit(2);
                }
            });
            thread.start();
            connectors.add(thread);
        }
        for (Thread thread : connectors) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.out.println("READY " + sockets.size());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        for (Socket s : sockets) {
            s.close();
        }
        System.out.println("CLOSED");
    }
}
