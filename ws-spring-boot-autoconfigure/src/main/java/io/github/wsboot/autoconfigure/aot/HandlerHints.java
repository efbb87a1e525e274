package io.github.wsboot.autoconfigure.aot;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.web.bind.annotation.PathVariable;

import io.github.wsboot.autoconfigure.handler.MessageHandlerIntrospector;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Message;

/**
 * The hints for one handler class: see {@link WebSocketHandlerAotProcessor}. Parameters and return values
 * the starter passes as they are (strings, bytes, streams, {@link Conn}, {@link Handshake}, ...) need no
 * binding hints; every other payload or return type is registered as Jackson binds it, including the
 * subtypes Jackson may pick from a sealed interface or {@code @JsonSubTypes}.
 */
final class HandlerHints {

    private static final String JSON_SUB_TYPES = "com.fasterxml.jackson.annotation.JsonSubTypes";

    private static final Set<Class<?>> PASSED_AS_IS = Set.of(
            String.class,
            byte[].class,
            ByteBuffer.class,
            InputStream.class,
            Message.class,
            Conn.class,
            Handshake.class,
            CloseStatus.class,
            Object.class);

    private HandlerHints() {}

    /** Registers {@code handlerType} and, for message-oriented handlers, its methods and JSON types. */
    static void register(RuntimeHints hints, Class<?> handlerType) {
        // Discovery asks every handler class (ConnectionHandler ones too) whether it declares handler methods.
        hints.reflection().registerType(handlerType);
        Set<Type> bound = new LinkedHashSet<>();
        for (Method method : MessageHandlerIntrospector.handlerMethods(handlerType)) {
            hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
            for (int i = 0; i < method.getParameterCount(); i++) {
                MethodParameter parameter = new MethodParameter(method, i);
                if (parameter.hasParameterAnnotation(PathVariable.class)) {
                    convertedFromString(hints, parameter.getParameterType());
                } else if (isBound(parameter.getParameterType())) {
                    bound.add(parameter.getGenericParameterType());
                }
            }
            if (isBound(method.getReturnType())) {
                bound.add(method.getGenericReturnType());
            }
        }
        registerBindings(hints, bound);
    }

    /** Registers {@code types} for JSON binding, with the subtypes a polymorphic type may be bound to. */
    static void registerBindings(RuntimeHints hints, Set<Type> types) {
        Set<Type> all = new LinkedHashSet<>();
        Deque<Type> pending = new ArrayDeque<>(types);
        while (!pending.isEmpty()) {
            Type type = pending.pop();
            if (!all.add(type)) {
                continue;
            }
            ResolvableType resolvable = ResolvableType.forType(type);
            for (ResolvableType generic : resolvable.getGenerics()) {
                pending.add(generic.getType());
            }
            Class<?> raw = resolvable.resolve();
            if (raw != null) {
                pending.addAll(subtypes(raw));
                if (raw.isRecord()) {
                    for (var component : raw.getRecordComponents()) {
                        pending.add(component.getGenericType());
                    }
                }
            }
        }
        new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), all.toArray(Type[]::new));
    }

    private static Set<Class<?>> subtypes(Class<?> type) {
        Set<Class<?>> subtypes = new LinkedHashSet<>();
        if (type.isSealed()) {
            subtypes.addAll(Set.of(type.getPermittedSubclasses()));
        }
        MergedAnnotation<?> jsonSubTypes = MergedAnnotations.from(type).get(JSON_SUB_TYPES);
        if (jsonSubTypes.isPresent()) {
            for (MergedAnnotation<?> subtype :
                    jsonSubTypes.getAnnotationArray("value", java.lang.annotation.Annotation.class)) {
                subtypes.add(subtype.getClass("value"));
            }
        }
        subtypes.remove(Void.class);
        return subtypes;
    }

    /** A type converted from a path variable string: its static factories and constructors may be called. */
    private static void convertedFromString(RuntimeHints hints, Class<?> type) {
        if (!type.isPrimitive() && !type.getName().startsWith("java.")) {
            hints.reflection()
                    .registerType(
                            type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS);
        }
    }

    private static boolean isBound(Class<?> type) {
        return !type.isPrimitive()
                && !PASSED_AS_IS.contains(type)
                && !Principal.class.isAssignableFrom(type)
                && !Throwable.class.isAssignableFrom(type);
    }
}
