package io.github.wsboot.benchmarks.load.servers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import io.github.wsboot.websocket.BufferPool;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.HandshakeException;
import io.github.wsboot.websocket.Message;
import io.github.wsboot.websocket.MessageListener;
import io.github.wsboot.websocket.Upgrader;

/**
 * ws-core's message-oriented model without Spring: an {@link Upgrader} on embedded Tomcat 11 (NIO, 20,000
 * connections) serving {@code /echo} with an echoing {@link MessageListener}, on the engine named by the first
 * argument: {@code event} (selector threads own the sockets; no thread per connection) or {@code blocking}
 * (the same listener in a read loop on a thread per connection). Echo and idle cells only. Usage:
 * {@code WsCoreListenerServer event|blocking PORT}.
 */
public final class WsCoreListenerServer {

    private WsCoreListenerServer() {}

    public static void main(String[] args) throws Exception {
        EngineMode engine = EngineMode.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        int port = Integer.parseInt(args[1]);
        // Pooled write buffers, as the starter's default: a connection holds one only while writing.
        Upgrader upgrader = Upgrader.builder()
                .engine(engine)
                .checkOrigin(r -> true)
                .writeBufferPool(BufferPool.bounded(256))
                .build();
        MessageListener echo = new MessageListener() {
            @Override
            public void onMessage(Conn conn, Message message) throws IOException {
                conn.writeMessage(message.type(), message.data());
            }
        };
        Tomcat tomcat = new Tomcat();
        File base = Files.createTempDirectory("ws-core-listener").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", "20000");
        connector.setProperty("acceptCount", "1024");
        tomcat.setConnector(connector);
        Context ctx = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(ctx, "echo", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    upgrader.upgrade(req, resp, null, echo);
                } catch (HandshakeException e) {
                    // The error response has been written.
                }
            }
        });
        ctx.addServletMappingDecoded("/echo", "echo");
        tomcat.start();
        System.out.println("ws-core listener (" + engine + ") listening on " + port);
        Thread.currentThread().join();
    }
}
