package io.github.wsboot.benchmarks.hub;

import java.net.URI;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;

/** A server under test: accepts WebSocket subscribers and broadcasts a text message to all of them. */
interface FanoutServer extends AutoCloseable {

    /** The URL subscribers dial. */
    URI uri();

    /** Subscribers the server has registered. */
    int subscribers();

    /** Sends {@code text} to every subscriber, as the application's publisher would. */
    void broadcast(String text) throws Exception;

    @Override
    void close() throws LifecycleException;

    /** Tomcat connector settings with room for a few thousand subscribers. */
    static void manyConnections(Connector connector) {
        connector.setProperty("maxConnections", "10000");
        connector.setProperty("acceptCount", "2000");
    }
}
