package io.github.wsboot.websocket.conformance;

/**
 * The library's client as Autobahn's fuzzing server sees it: it dials, then echoes every message until the
 * connection ends, leaving pings and closes to the library's default handlers (as the Autobahn test clients
 * of gorilla and others do).
 */
interface ClientUnderTest {

    /** Dials {@code url} and echoes until the connection ends; returns normally or with the connection's error. */
    void dialAndEcho(String url) throws Exception;

    /** Closes the connection from outside, if there is one. */
    void abort();
}
