package io.github.wsboot.autoconfigure.handler;

/**
 * A connection handler that passes failures to an {@code @OnError} method: a failure such a method received
 * was handled by the application, so the starter logs it at DEBUG instead of as an unhandled failure.
 *
 * @since 0.1.0
 */
public interface OnErrorRouting {

    /** Whether {@code failure} went to an {@code @OnError} method. */
    boolean passedToOnError(Throwable failure);
}
