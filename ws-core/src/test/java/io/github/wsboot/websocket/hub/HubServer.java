package io.github.wsboot.websocket.hub;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.PreparedMessage;
import io.github.wsboot.websocket.Upgrader;
import io.github.wsboot.websocket.testing.TomcatServer;

/**
 * Embedded Tomcat whose connections join a {@link Hub}: {@code /?name=alice&topics=a,b} joins topics a and b as
 * "alice", then reads until the connection ends; a message "echo:x" is answered with "x" through
 * {@link Hub#send}, in the connection's queue; {@code &user=u} makes the connection one of user u's, and a message
 * "to:u:x" sends x to user u. The server-side Conns are kept by member name.
 */
final class HubServer implements AutoCloseable {

    final Hub hub;
    final ConcurrentHashMap<String, Conn> conns = new ConcurrentHashMap<>();
    private final TomcatServer tomcat;
    private final CountDownLatch joinedLatch;

    private HubServer(Hub hub, int expectedJoins) throws Exception {
        this.hub = hub;
        this.joinedLatch = new CountDownLatch(expectedJoins);
        this.tomcat = TomcatServer.start(new Servlet());
    }

    static HubServer start(Hub hub, int expectedJoins) throws Exception {
        return new HubServer(hub, expectedJoins);
    }

    URI uri(String name, String topics) {
        return tomcat.uri("/?name=" + name + "&topics=" + topics);
    }

    /** Waits until {@code expectedJoins} connections have joined their topics. */
    void awaitJoins() throws InterruptedException {
        if (!joinedLatch.await(20, TimeUnit.SECONDS)) {
            throw new AssertionError("connections did not join: " + joinedLatch.getCount() + " missing");
        }
    }

    @Override
    public void close() throws Exception {
        hub.close();
        tomcat.close();
    }

    private final class Servlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Upgrader upgrader = Upgrader.builder().build();

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String name = req.getParameter("name");
            String[] topics = req.getParameter("topics").split(",");
            String user = req.getParameter("user");
            try {
                upgrader.upgrade(req, resp, null, conn -> {
                    conns.put(name, conn);
                    for (String topic : topics) {
                        hub.join(topic, conn, name);
                    }
                    if (user != null) {
                        hub.identifyUser(conn, user);
                    }
                    joinedLatch.countDown();
                    while (true) {
                        Message m = conn.readMessage();
                        String text = m.text();
                        if (text.startsWith("echo:")) {
                            hub.send(conn, PreparedMessage.ofText(text.substring(5)));
                        } else if (text.startsWith("to:")) {
                            String[] parts = text.split(":", 3);
                            hub.sendToUser(parts[1], PreparedMessage.ofText(parts[2]));
                        }
                    }
                });
            } catch (HandshakeException e) {
                // answered
            }
        }
    }
}
