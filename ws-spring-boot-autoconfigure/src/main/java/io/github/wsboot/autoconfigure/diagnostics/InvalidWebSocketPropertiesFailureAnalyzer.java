package io.github.wsboot.autoconfigure.diagnostics;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports every rejected {@code ws.*} value at once, each by the key the user wrote
 * ({@code ws.server.read-buffer-size}, not the Java field path Boot's own report shows), with the value as
 * written and where it came from, nested keys included. Runs before Boot's {@code BindValidationFailureAnalyzer}
 * and leaves other prefixes to it. Registered in {@code META-INF/spring.factories}.
 *
 * @since 0.1.0
 */
public final class InvalidWebSocketPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
        implements Ordered {

    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("ws");

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        ValidationErrors errors = cause.getValidationErrors();
        ConfigurationPropertyName target = errors.getName();
        if (!PREFIX.equals(target) && !PREFIX.isAncestorOf(target)) {
            return null;
        }
        List<ObjectError> all = errors.getAllErrors();
        StringBuilder description = new StringBuilder(String.format(
                "Invalid WebSocket configuration: %d %s under " + "'%s' rejected:%n",
                all.size(), all.size() == 1 ? "value" : "values", target));
        for (ObjectError error : all) {
            if (error instanceof FieldError field) {
                appendField(description, target, field, errors);
            }
            description.append(String.format("%n    Reason: %s%n", error.getDefaultMessage()));
        }
        return new FailureAnalysis(
                description.toString(),
                "Update your application's configuration: correct the "
                        + "properties above (where the origin is given, that is where each value was set).",
                cause);
    }

    private static void appendField(
            StringBuilder description, ConfigurationPropertyName target, FieldError error, ValidationErrors errors) {
        ConfigurationPropertyName key = ConfigurationPropertyName.of(target + "." + kebabCase(error.getField()));
        ConfigurationProperty property = find(key, errors);
        description.append(String.format("%n    Property: %s", key));
        if (property != null && property.getName().equals(key)) {
            description.append(String.format("%n    Value: \"%s\"", property.getValue()));
        } else if (property == null && error.getRejectedValue() != null) {
            description.append(String.format("%n    Value: \"%s\"", error.getRejectedValue()));
        }
        Origin origin = property != null ? property.getOrigin() : Origin.from(error);
        if (origin != null) {
            description.append(String.format("%n    Origin: %s", origin));
        }
    }

    /** The bound property for {@code key}, or else the first one below it (for an error about a group). */
    private static @Nullable ConfigurationProperty find(ConfigurationPropertyName key, ValidationErrors errors) {
        ConfigurationProperty below = null;
        for (ConfigurationProperty p : errors.getBoundProperties()) {
            if (p.getName().equals(key)) {
                return p;
            }
            if (below == null && key.isAncestorOf(p.getName())) {
                below = p;
            }
        }
        return below;
    }

    /** {@code keepalive.pingInterval} → {@code keepalive.ping-interval}. */
    static String kebabCase(String fieldPath) {
        StringBuilder out = new StringBuilder(fieldPath.length() + 8);
        for (int i = 0; i < fieldPath.length(); i++) {
            char c = fieldPath.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && fieldPath.charAt(i - 1) != '.') {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** Before Boot's {@code BindValidationFailureAnalyzer}, which would report the same failure by field path. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
