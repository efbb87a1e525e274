package io.github.wsboot.autoconfigure.handler;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnError;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;

/** The part a method plays in the message-oriented model, given by its annotation. */
enum MethodRole {
    OPEN(OnOpen.class),
    MESSAGE(OnMessage.class),
    CLOSE(OnClose.class),
    ERROR(OnError.class);

    private final Class<? extends Annotation> annotation;

    MethodRole(Class<? extends Annotation> annotation) {
        this.annotation = annotation;
    }

    String annotationName() {
        return "@" + annotation.getSimpleName();
    }

    boolean isOn(Method method) {
        return AnnotatedElementUtils.hasAnnotation(method, annotation);
    }

    /** Whether the method's return value is sent to the peer (otherwise it must be void). */
    boolean sendsReturnValue() {
        return this == OPEN || this == MESSAGE;
    }

    /** The role of {@code method}, null when it has none; more than one is the caller's error to report. */
    static @Nullable MethodRole of(Method method) {
        for (MethodRole role : values()) {
            if (role.isOn(method)) {
                return role;
            }
        }
        return null;
    }

    static int count(Method method) {
        int n = 0;
        for (MethodRole role : values()) {
            if (role.isOn(method)) {
                n++;
            }
        }
        return n;
    }
}
