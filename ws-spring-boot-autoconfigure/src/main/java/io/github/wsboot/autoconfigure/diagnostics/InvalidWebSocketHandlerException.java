package io.github.wsboot.autoconfigure.diagnostics;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

/**
 * A {@code @WebSocketHandler} mapping that cannot work, found at startup: a duplicate path, an unusable
 * method signature, a bad attribute value. Carries the bean, the method and the fix, which
 * {@link InvalidWebSocketHandlerFailureAnalyzer} prints in Boot's failure report.
 *
 * @since 0.1.0
 */
public class InvalidWebSocketHandlerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String beanName;
    private final transient @Nullable Method method;
    private final String problem;
    private final String fix;

    /**
     * @param beanName the bean whose mapping is wrong
     * @param method   the offending method, or null when the problem is the bean as a whole
     * @param problem  what is wrong, as a sentence
     * @param fix      what to change, as a sentence
     */
    public InvalidWebSocketHandlerException(String beanName, @Nullable Method method, String problem, String fix) {
        super(describe(beanName, method, problem) + " " + fix);
        this.beanName = beanName;
        this.method = method;
        this.problem = problem;
        this.fix = fix;
    }

    /** The bean whose mapping is wrong. */
    public String beanName() {
        return beanName;
    }

    /** The offending method, or null when the problem concerns the bean as a whole. */
    public @Nullable Method method() {
        return method;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** What to change. */
    public String fix() {
        return fix;
    }

    /** The problem with the bean and the method named, as the failure report's description. */
    public String description() {
        return describe(beanName, method, problem);
    }

    private static String describe(String beanName, @Nullable Method method, String problem) {
        String where = "WebSocket handler bean '" + beanName + "'";
        if (method != null) {
            where += ", method " + method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
        }
        return where + ": " + problem;
    }
}
