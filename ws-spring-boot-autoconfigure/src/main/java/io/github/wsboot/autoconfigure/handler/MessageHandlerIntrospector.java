package io.github.wsboot.autoconfigure.handler;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.ReflectionUtils;

import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.autoconfigure.observation.WebSocketObservations;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.websocket.JsonCodec;

/**
 * Builds the message-oriented model for a bean: finds its {@code @OnOpen}, {@code @OnMessage},
 * {@code @OnClose} and {@code @OnError} methods, checks that together they make sense (one role per method,
 * at most one method per role, at most one method per message type) and returns a {@link ConnectionHandler}
 * that drives them.
 *
 * @since 0.1.0
 */
public final class MessageHandlerIntrospector {

    private final ConversionService conversionService;
    private final @Nullable JsonCodec codec;
    private final Duration writeTimeout;
    private final WebSocketObservations observations;

    /**
     * @param conversionService converts path variables to parameter types
     * @param codec             binds JSON payloads and encodes JSON replies; null when no JSON mapper exists
     * @param writeTimeout      bound on each reply; zero means none
     * @param observations      observes the handling of each message
     */
    public MessageHandlerIntrospector(
            ConversionService conversionService,
            @Nullable JsonCodec codec,
            Duration writeTimeout,
            WebSocketObservations observations) {
        this.conversionService = conversionService;
        this.codec = codec;
        this.writeTimeout = writeTimeout;
        this.observations = observations;
    }

    /** Whether {@code type} declares or inherits any message-oriented handler method. */
    public static boolean hasHandlerMethods(Class<?> type) {
        return !handlerMethods(type).isEmpty();
    }

    /**
     * Adapts {@code bean} to a {@link ConnectionHandler}.
     *
     * @param userType      the bean's class without any proxy
     * @param pathPattern   the endpoint's path pattern, for messages
     * @param pathVariables the pattern's variable names, which {@code @PathVariable} parameters must use
     * @throws InvalidWebSocketHandlerException when the methods do not make a usable handler
     */
    public ConnectionHandler adapt(
            String beanName, Object bean, Class<?> userType, String pathPattern, Set<String> pathVariables) {
        HandlerMethodFactory factory =
                new HandlerMethodFactory(beanName, bean, pathPattern, pathVariables, conversionService, codec);
        Map<MethodRole, List<HandlerMethod>> byRole = new EnumMap<>(MethodRole.class);
        for (Method method : handlerMethods(userType)) {
            if (MethodRole.count(method) > 1) {
                throw factory.invalid(
                        method,
                        "it carries more than one of @OnOpen, @OnMessage, @OnClose and @OnError",
                        "Give each method one role.");
            }
            MethodRole role =
                    Objects.requireNonNull(MethodRole.of(method), "handlerMethods() keeps methods with a role");
            byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(factory.create(method, role));
        }
        if (!byRole.containsKey(MethodRole.MESSAGE)) {
            throw new InvalidWebSocketHandlerException(
                    beanName,
                    null,
                    "it has no @OnMessage method",
                    "Annotate a method with @OnMessage, or implement ConnectionHandler to serve the connection yourself.");
        }
        HandlerMethod open = single(byRole, MethodRole.OPEN, factory);
        HandlerMethod close = single(byRole, MethodRole.CLOSE, factory);
        HandlerMethod error = single(byRole, MethodRole.ERROR, factory);
        HandlerMethod text = null;
        HandlerMethod binary = null;
        for (HandlerMethod m : byRole.get(MethodRole.MESSAGE)) {
            PayloadKind kind = Objects.requireNonNull(m.payloadKind(), "an @OnMessage method has a payload kind");
            if (kind.acceptsText()) {
                text = exclusive(text, m, "text", factory);
            }
            if (kind.acceptsBinary()) {
                binary = exclusive(binary, m, "binary", factory);
            }
        }
        return new MessageHandlerAdapter(
                "of bean '" + beanName + "' on " + pathPattern,
                open,
                text,
                binary,
                close,
                error,
                codec,
                new ReplyWriter(writeTimeout),
                observations);
    }

    private static @Nullable HandlerMethod single(
            Map<MethodRole, List<HandlerMethod>> byRole, MethodRole role, HandlerMethodFactory factory) {
        List<HandlerMethod> methods = byRole.getOrDefault(role, List.of());
        if (methods.size() > 1) {
            throw factory.invalid(
                    methods.get(1).declared(),
                    "it is a second " + role.annotationName() + " method, after " + methods.get(0),
                    "Keep one " + role.annotationName() + " method per handler.");
        }
        return methods.isEmpty() ? null : methods.get(0);
    }

    private static HandlerMethod exclusive(
            @Nullable HandlerMethod existing, HandlerMethod candidate, String type, HandlerMethodFactory factory) {
        if (existing != null) {
            throw factory.invalid(
                    candidate.declared(),
                    "it takes " + type + " messages, and so does " + existing,
                    "Keep one @OnMessage method per message type: String or a JSON type for text, byte[] or "
                            + "ByteBuffer for binary, InputStream or Message for both.");
        }
        return candidate;
    }

    /** The methods of {@code type} (declared or inherited) that carry a handler-method annotation, sorted by name. */
    public static List<Method> handlerMethods(Class<?> type) {
        Set<Method> found = MethodIntrospector.selectMethods(
                type, (ReflectionUtils.MethodFilter) method -> MethodRole.count(method) > 0);
        List<Method> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        return sorted;
    }
}
