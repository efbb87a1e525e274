package io.github.wsboot.autoconfigure.hub;

import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which topics are recoverable: exact names, or prefixes written with a trailing {@code *} ({@code chat:*}).
 * Thread-safe; declarations are added at startup ({@code ws.hub.redis.recovery.topics}) or later through
 * {@link HubRecovery#declare}.
 */
final class RecoverableTopics {

    private final CopyOnWriteArrayList<String> patterns = new CopyOnWriteArrayList<>();

    RecoverableTopics(Collection<String> initial) {
        initial.forEach(this::declare);
    }

    void declare(String pattern) {
        if (pattern.isEmpty() || (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1)) {
            throw new IllegalArgumentException(
                    "hub recovery: a topic pattern is a name or a prefix ending in '*': '" + pattern + "'");
        }
        patterns.addIfAbsent(pattern);
    }

    boolean matches(String topic) {
        for (String p : patterns) {
            if (p.endsWith("*") ? topic.startsWith(p.substring(0, p.length() - 1)) : topic.equals(p)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }
}
