package io.github.wsboot.websocket.transport;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;

import org.jspecify.annotations.Nullable;

/** Reflection the container hand-overs share: unwrapping requests and checking a container's classes. */
final class ContainerClasses {

    private ContainerClasses() {}

    /** The container's own request under any application wrappers. */
    static ServletRequest unwrap(ServletRequest request) {
        ServletRequest r = request;
        while (r instanceof ServletRequestWrapper wrapper) {
            r = wrapper.getRequest();
        }
        return r;
    }

    /** Whether {@code className} can be loaded by ws-core (in a webapp the container's classes usually cannot). */
    static boolean visible(String className) {
        try {
            Class.forName(className, false, ContainerClasses.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Null when {@code type} has a public method {@code name(parameters)}, else what is missing. Finds
     * inherited methods too.
     */
    static @Nullable String missingMethod(String type, String name, Class<?>... parameters) {
        try {
            Class<?> c = Class.forName(type, false, ContainerClasses.class.getClassLoader());
            return missingMethod(c, name, parameters);
        } catch (ClassNotFoundException | LinkageError e) {
            return "class " + type + " not found";
        }
    }

    static @Nullable String missingMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            type.getMethod(name, parameters);
            return null;
        } catch (NoSuchMethodException | LinkageError e) {
            return "method " + type.getName() + "." + name + " not found";
        }
    }

    /** Null when {@code implementation} implements every abstract method of {@code contract}, else the first missing. */
    static @Nullable String unimplemented(Class<?> implementation, Class<?> contract) {
        for (Method m : contract.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            try {
                Method found = implementation.getMethod(m.getName(), m.getParameterTypes());
                if (Modifier.isAbstract(found.getModifiers())) {
                    return "method " + contract.getName() + "." + m.getName() + " not implemented";
                }
            } catch (NoSuchMethodException e) {
                return "method " + contract.getName() + "." + m.getName() + " not implemented";
            }
        }
        return null;
    }
}
