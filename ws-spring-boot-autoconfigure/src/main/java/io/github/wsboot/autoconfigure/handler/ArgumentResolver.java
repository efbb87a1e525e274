package io.github.wsboot.autoconfigure.handler;

import org.jspecify.annotations.Nullable;

/** Produces one handler-method argument from an {@link Invocation}; chosen once per parameter at startup. */
@FunctionalInterface
interface ArgumentResolver {

    @Nullable
    Object resolve(Invocation invocation);
}
