package io.github.wsboot.websocket.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Transport;

/**
 * A handed-over connection whose plain TCP channel can leave the container for good and be driven in
 * non-blocking mode by someone else: the event engine ({@code io.github.wsboot.websocket.engine}). Implemented by
 * {@link TomcatChannelTransport}. Not part of the API.
 *
 * <p>Until {@link #releaseNonBlocking()} succeeds, the transport works as before (blocking); afterwards only
 * its {@link #close()} may still be called, and the channel belongs to the caller.
 */
public interface OwnedChannel extends Transport {

    /**
     * Takes the channel out of the container's poller, once, and leaves it in non-blocking mode. Waits for the
     * container's poller (milliseconds at most): never call it on an event loop.
     *
     * @return the channel, or null when the container would not let go of it; the transport then carries on
     *         through the container, blocking
     */
    @Nullable
    SocketChannel releaseNonBlocking() throws IOException;

    /** Bytes the container had read past the HTTP request, or null; returned once. */
    @Nullable
    ByteBuffer takeLeftover();

    /** Runs {@code listener} once when this transport is closed, by anyone (the container at shutdown too). */
    void onClosed(Runnable listener);
}
