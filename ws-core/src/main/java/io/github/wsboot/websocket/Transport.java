package io.github.wsboot.websocket;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * The byte stream under a {@link Conn} (gorilla's {@code net.Conn}): a TCP or TLS socket, a servlet
 * container's upgraded connection, or anything else that moves bytes both ways.
 *
 * <p>Contract: one thread reads while another writes; {@link #close()} may be called from any thread at any
 * time and makes blocked reads and writes fail promptly. {@code Conn} does its own buffering, so
 * {@link #write} must hand the bytes to the network before it returns (no buffering that needs a flush).
 */
public interface Transport extends Closeable {

    /**
     * Reads up to {@code len} bytes, blocking until at least one is available.
     *
     * @return the number of bytes read, or -1 at end of stream
     * @throws java.net.SocketTimeoutException if a read timeout set with {@link #setReadTimeout} expired;
     *         the transport is still usable afterwards
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all {@code length} bytes and pushes them to the network. */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Writes two regions back to back (a frame header and its payload). Transports that can gather the two
     * into one system call override this.
     */
    default void write(
            byte[] first, int firstOffset, int firstLength, byte[] second, int secondOffset, int secondLength)
            throws IOException {
        write(first, firstOffset, firstLength);
        write(second, secondOffset, secondLength);
    }

    /**
     * Sets the timeout of each following {@link #read}, in milliseconds; 0 means none.
     *
     * @return false when this transport cannot time out a read by itself; {@link Conn} then enforces read
     *         deadlines by closing the transport when they pass
     */
    default boolean setReadTimeout(int millis) throws IOException {
        return false;
    }

    /** Half-closes the write side (TCP FIN) where the transport supports it; otherwise does nothing. */
    default void shutdownOutput() throws IOException {}

    /** The local address, or null when unknown. */
    @Nullable
    SocketAddress localAddress();

    /** The remote address, or null when unknown. */
    @Nullable
    SocketAddress remoteAddress();

    /** Closes both directions at once. Idempotent; safe from any thread. */
    @Override
    void close() throws IOException;
}
