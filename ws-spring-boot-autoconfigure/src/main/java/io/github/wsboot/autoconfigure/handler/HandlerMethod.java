package io.github.wsboot.autoconfigure.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * One validated handler method, ready to call: the bean, the method to invoke on it (the proxy's, for an AOP
 * proxy) and a resolver per parameter.
 */
final class HandlerMethod {

    private final Object bean;
    private final Method declared;
    private final Method invocable;
    private final ArgumentResolver[] resolvers;
    private final @Nullable PayloadKind payloadKind;
    private final @Nullable Type payloadType;
    private final Class<? extends Throwable> errorType;

    HandlerMethod(
            Object bean,
            Method declared,
            Method invocable,
            ArgumentResolver[] resolvers,
            @Nullable PayloadKind payloadKind,
            @Nullable Type payloadType,
            Class<? extends Throwable> errorType) {
        this.bean = bean;
        this.declared = declared;
        this.invocable = invocable;
        this.resolvers = resolvers;
        this.payloadKind = payloadKind;
        this.payloadType = payloadType;
        this.errorType = errorType;
        this.invocable.trySetAccessible();
    }

    /** The method as declared on the bean's class (for messages). */
    Method declared() {
        return declared;
    }

    /** How the payload parameter receives a message; null for methods other than {@code @OnMessage}. */
    @Nullable
    PayloadKind payloadKind() {
        return payloadKind;
    }

    /** The generic type of the payload parameter; null for methods other than {@code @OnMessage}. */
    @Nullable
    Type payloadType() {
        return payloadType;
    }

    /** Whether this {@code @OnError} method takes {@code error}. */
    boolean handles(Throwable error) {
        return errorType.isInstance(error);
    }

    /**
     * Calls the method.
     *
     * @throws Exception what the method threw, unwrapped
     */
    @Nullable
    Object invoke(Invocation invocation) throws Exception {
        Object[] args = new Object[resolvers.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = resolvers[i].resolve(invocation);
        }
        try {
            return invocable.invoke(bean, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return declared.getDeclaringClass().getSimpleName() + "." + declared.getName() + "()";
    }
}
