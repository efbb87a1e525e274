package io.github.wsboot.benchmarks.hub;

import java.net.URI;
import org.apache.catalina.LifecycleException;

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
}
