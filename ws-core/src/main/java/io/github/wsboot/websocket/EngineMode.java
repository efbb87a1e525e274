package io.github.wsboot.websocket;

/**
 * How an {@link Upgrader} drives its connections once the container has handed them over.
 */
public enum EngineMode {

    /**
     * A thread per connection, in blocking reads and writes (the default): {@link Upgrader.Handler}s and
     * {@link MessageListener}s each run on a thread of their own.
     */
    BLOCKING,

    /**
     * The event engine ({@code io.github.wsboot.websocket.engine}): a few selector threads own the sockets; an
     * idle connection holds no thread and no read buffer; {@link MessageListener}s are called per message on
     * an executor; writes never wait for the network unless a connection has a backlog. Connections the
     * engine cannot drive (TLS, NIO2, Jetty, the servlet upgrade) stay on the blocking path. Tomcat's plain
     * NIO connector only, for now.
     */
    EVENT
}
