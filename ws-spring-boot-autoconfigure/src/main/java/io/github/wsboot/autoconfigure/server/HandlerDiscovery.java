package io.github.wsboot.autoconfigure.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.autoconfigure.handler.MessageHandlerIntrospector;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.WebSocketHandler;

/**
 * Finds the {@code @WebSocketHandler} beans and turns each into a {@link HandlerDefinition}, failing on the
 * first mapping that cannot work: a missing or malformed path, two beans on one path (also when only the
 * variable names differ), a bean that follows neither or both programming models, a bad attribute value.
 */
final class HandlerDiscovery {

    /** Variable names in a path pattern: {@code {name}}, {@code {*name}} and {@code {name:regex}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:/]+)(?::[^}]*)?}");

    private final ListableBeanFactory beanFactory;
    private final MessageHandlerIntrospector introspector;

    HandlerDiscovery(ListableBeanFactory beanFactory, MessageHandlerIntrospector introspector) {
        this.beanFactory = beanFactory;
        this.introspector = introspector;
    }

    List<HandlerDefinition> discover() {
        Map<String, HandlerDefinition> byShape = new LinkedHashMap<>();
        String[] names = beanFactory.getBeanNamesForAnnotation(WebSocketHandler.class);
        Arrays.sort(names);
        for (String name : names) {
            WebSocketHandler annotation = beanFactory.findAnnotationOnBean(name, WebSocketHandler.class);
            Class<?> type = beanFactory.getType(name);
            if (annotation == null || type == null) {
                continue;
            }
            HandlerDefinition definition = define(name, ClassUtils.getUserClass(type), annotation);
            String shape =
                    VARIABLE.matcher(definition.pattern().getPatternString()).replaceAll("{}");
            HandlerDefinition previous = byShape.putIfAbsent(shape, definition);
            if (previous != null) {
                throw new InvalidWebSocketHandlerException(
                        name,
                        null,
                        "its path '"
                                + definition.pattern().getPatternString() + "' is already mapped to bean '"
                                + previous.beanName() + "' ('"
                                + previous.pattern().getPatternString() + "')",
                        "Map each @WebSocketHandler to a path of its own, or remove one of the beans.");
            }
        }
        return List.copyOf(byShape.values());
    }

    private HandlerDefinition define(String name, Class<?> type, WebSocketHandler annotation) {
        PathPattern pattern = parsePath(name, annotation.path());
        Set<String> variables = variables(pattern.getPatternString());
        Object bean = beanFactory.getBean(name);
        boolean hasMethods = MessageHandlerIntrospector.hasHandlerMethods(type);
        HandlerModel model;
        ConnectionHandler handler;
        if (bean instanceof ConnectionHandler connectionHandler) {
            if (hasMethods) {
                throw new InvalidWebSocketHandlerException(
                        name,
                        null,
                        "it implements ConnectionHandler and also declares @OnOpen/@OnMessage/@OnClose/@OnError methods",
                        "Choose one model: serve the Conn in ConnectionHandler.serve, or remove the interface and keep "
                                + "the annotated methods.");
            }
            model = HandlerModel.CONNECTION;
            handler = connectionHandler;
        } else if (hasMethods) {
            model = HandlerModel.MESSAGE;
            handler = introspector.adapt(name, bean, type, pattern.getPatternString(), variables);
        } else {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "it neither implements ConnectionHandler nor declares an @OnMessage method",
                    "Implement io.github.wsboot.spring.ConnectionHandler, or annotate a method " + "with @OnMessage.");
        }
        return new HandlerDefinition(
                name,
                type,
                pattern,
                variables,
                model,
                handler,
                tokens(name, "subprotocols", annotation.subprotocols()),
                origins(name, annotation.allowedOrigins()),
                readLimit(name, annotation.readLimit()),
                annotation.compression());
    }

    private static PathPattern parsePath(String name, String path) {
        if (path.isBlank()) {
            throw new InvalidWebSocketHandlerException(
                    name, null, "@WebSocketHandler has no path", "Give the path, as in @WebSocketHandler(\"/chat\").");
        }
        if (!path.startsWith("/")) {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "the path '" + path + "' does not start with '/'",
                    "Write the path from the servlet context root, as in \"/" + path + "\".");
        }
        try {
            return PathPatternParser.defaultInstance.parse(path);
        } catch (PatternParseException e) {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "the path '" + path + "' is not a valid pattern: " + e.getMessage(),
                    "Use Spring MVC's PathPattern syntax, as in \"/rooms/{room}\".");
        }
    }

    static Set<String> variables(String pattern) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<String> tokens(String name, String attribute, String[] values) {
        List<String> result = new ArrayList<>();
        for (String v : values) {
            if (v.isBlank() || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new InvalidWebSocketHandlerException(
                        name,
                        null,
                        "@WebSocketHandler(" + attribute + ") value '" + v + "' is not an HTTP token",
                        "Use token characters only, as in \"chat.v1\".");
            }
            result.add(v);
        }
        return result;
    }

    private static List<String> origins(String name, String[] patterns) {
        List<String> result = List.of(patterns);
        try {
            new OriginPolicy(result);
        } catch (IllegalArgumentException e) {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "@WebSocketHandler(allowedOrigins) is invalid: " + e.getMessage(),
                    "Use origin patterns such as \"https://*.example.com\".");
        }
        for (String p : result) {
            if (p.isBlank()) {
                throw new InvalidWebSocketHandlerException(
                        name, null, "@WebSocketHandler(allowedOrigins) has a blank pattern", "Remove the blank entry.");
            }
        }
        return result;
    }

    private static @Nullable DataSize readLimit(String name, String value) {
        if (value.isBlank()) {
            return null;
        }
        DataSize size;
        try {
            size = DataSize.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "@WebSocketHandler(readLimit = \"" + value + "\") is not a data size",
                    "Write a size such as \"64KB\" or \"1MB\", or \"0\" for no limit.");
        }
        if (size.isNegative()) {
            throw new InvalidWebSocketHandlerException(
                    name,
                    null,
                    "@WebSocketHandler(readLimit = \"" + value + "\") is negative",
                    "Write a size such as \"64KB\" or \"1MB\", or \"0\" for no limit.");
        }
        return size;
    }
}
