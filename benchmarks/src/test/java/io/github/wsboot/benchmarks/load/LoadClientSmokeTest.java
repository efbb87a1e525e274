package io.github.wsboot.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.wsboot.websocket.CloseException;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * The load client's pre-encoded frames against a real server (ws-core's strict Conn on embedded Tomcat,
 * which closes with 1002/1007 on any malformed or unmasked frame): every message must arrive intact, and the
 * client must count exactly the echoes and deliveries the server sent. Bounded to about a second per case;
 * no figure is checked.
 */
class LoadClientSmokeTest {

    private static TomcatServer tomcat;
    private static int port;
    private static final AtomicLong echoed = new AtomicLong();
    private static final List<String> serverErrors = new CopyOnWriteArrayList<>();
    private static final Set<Conn> subscribers = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startServer() throws Exception {
        Upgrader upgrader = Upgrader.builder().checkOrigin(r -> true).build();
        tomcat = TomcatServer.start(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    upgrader.upgrade(
                            req,
                            resp,
                            null,
                            req.getRequestURI().equals("/broadcast")
                                    ? LoadClientSmokeTest::broadcast
                                    : LoadClientSmokeTest::echo);
                } catch (HandshakeException e) {
                    serverErrors.add(e.toString());
                }
            }
        });
        port = tomcat.port();
    }

    @AfterAll
    static void stopServer() throws Exception {
        tomcat.close();
    }

    /** Echoes, after checking the payload is exactly what {@link ClientFrames#payload} makes. */
    private static void echo(Conn conn) throws IOException {
        conn.setReadLimit(0);
        try {
            while (true) {
                Message m = conn.readMessage();
                if (!Arrays.equals(m.data(), ClientFrames.payload(m.data().length))) {
                    serverErrors.add("payload of " + m.data().length + " bytes arrived altered");
                }
                conn.writeMessage(m.type(), m.data());
                echoed.incrementAndGet();
            }
        } catch (CloseException e) {
            // the client's 1000
        } catch (IOException e) {
            serverErrors.add(e.toString());
        }
    }

    private static void broadcast(Conn conn) {
        subscribers.add(conn);
        try {
            while (true) {
                Message m = conn.readMessage();
                PreparedMessage pm = PreparedMessage.of(m.type(), m.data());
                for (Conn s : subscribers) {
                    if (s != conn) {
                        s.writePreparedMessage(pm);
                    }
                }
            }
        } catch (IOException e) {
            // closed by the client
        } finally {
            subscribers.remove(conn);
        }
    }

    private static String run(String... args) throws Exception {
        String[] all = new String[args.length + 6];
        System.arraycopy(
                new String[] {"--port", Integer.toString(port), "--warmup", "0.2", "--duration", "0.5"}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        LoadOptions options = new LoadOptions(all);
        LoadClient client = new LoadClient(options);
        return switch (options.string("mode")) {
            case "broadcast" -> client.broadcast();
            default -> client.echo();
        };
    }

    private static long figure(String result, String name) {
        for (String kv : result.split(" ")) {
            if (kv.startsWith(name + "=")) {
                return (long) Double.parseDouble(kv.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " missing from " + result);
    }

    @Test
    void echoesTextAndBinaryOfEveryLengthEncodingWithPipelining() throws Exception {
        // 32 B: 7-bit length; 1 KiB: 16-bit length; 70,000 B: 64-bit length.
        for (String size : List.of("32", "1024", "70000")) {
            for (String type : List.of("text", "binary")) {
                long before = echoed.get();
                String result = run("--conns", "3", "--size", size, "--type", type, "--depth", "4");
                assertThat(serverErrors).isEmpty();
                assertThat(figure(result, "messages")).as(result).isPositive();
                // The client counts only messages the server echoed (warmup ones included on the server side).
                assertThat(echoed.get() - before).as(result).isGreaterThanOrEqualTo(figure(result, "messages"));
            }
        }
    }

    @Test
    void broadcastWaitsForEverySubscriber() throws Exception {
        String result = run("--mode", "broadcast", "--conns", "5", "--size", "32");
        assertThat(serverErrors).isEmpty();
        long deliveries = figure(result, "deliveries");
        assertThat(deliveries).as(result).isPositive();
        assertThat(deliveries % 5)
                .as("deliveries are counted in whole broadcasts: " + result)
                .isZero();
    }
}
