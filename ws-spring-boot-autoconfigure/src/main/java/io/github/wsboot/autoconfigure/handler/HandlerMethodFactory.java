package io.github.wsboot.autoconfigure.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PathVariable;

import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.JsonCodec;
import io.github.wsboot.websocket.Message;

/**
 * Checks one annotated method's signature against its role and builds its {@link HandlerMethod}: every
 * parameter must be resolvable, and the return type must fit the role. Problems are reported as
 * {@link InvalidWebSocketHandlerException}s naming the parameter and the fix.
 */
final class HandlerMethodFactory {

    private static final boolean JACKSON_PRESENT =
            ClassUtils.isPresent("tools.jackson.databind.ObjectMapper", HandlerMethodFactory.class.getClassLoader());

    private static final String CONTEXT_TYPES = "Conn, Handshake, java.security.Principal or an @PathVariable";

    private final String beanName;
    private final Object bean;
    private final Set<String> pathVariables;
    private final String pathPattern;
    private final ConversionService conversionService;
    private final boolean jsonAvailable;
    private final @Nullable JsonCodec codec;
    private final DefaultParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    HandlerMethodFactory(
            String beanName,
            Object bean,
            String pathPattern,
            Set<String> pathVariables,
            ConversionService conversionService,
            @Nullable JsonCodec codec) {
        this.beanName = beanName;
        this.bean = bean;
        this.pathPattern = pathPattern;
        this.pathVariables = pathVariables;
        this.conversionService = conversionService;
        this.jsonAvailable = codec != null;
        this.codec = codec;
    }

    HandlerMethod create(Method method, MethodRole role) {
        if (!role.sendsReturnValue() && method.getReturnType() != void.class) {
            throw invalid(
                    method,
                    role.annotationName() + " methods must return void, but this one returns "
                            + method.getReturnType().getSimpleName(),
                    "Declare the method void.");
        }
        int count = method.getParameterCount();
        ArgumentResolver[] resolvers = new ArgumentResolver[count];
        PayloadKind payloadKind = null;
        Type payloadType = null;
        Class<? extends Throwable> errorType = Throwable.class;
        boolean sawStatus = false;
        boolean sawError = false;
        for (int i = 0; i < count; i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            parameter.initParameterNameDiscovery(names);
            Class<?> type = parameter.getParameterType();
            ArgumentResolver context = contextResolver(method, parameter);
            if (context != null) {
                resolvers[i] = context;
            } else if (role == MethodRole.MESSAGE) {
                if (payloadKind != null) {
                    throw invalid(
                            method,
                            "it has two payload parameters ("
                                    + Objects.requireNonNull(payloadType).getTypeName() + " and "
                                    + parameter.getGenericParameterType().getTypeName() + ")",
                            "Keep one payload parameter; other parameters must be " + CONTEXT_TYPES + ".");
                }
                payloadKind = PayloadKind.of(type);
                payloadType = parameter.getGenericParameterType();
                if (payloadKind == PayloadKind.JSON && !jsonAvailable) {
                    throw invalid(
                            method,
                            "its payload parameter of type " + type.getSimpleName()
                                    + " must be bound from JSON, but no JSON mapper is available",
                            "Add Jackson 3 (spring-boot-starter-jackson) or define a JsonCodec bean, or take the payload as String.");
                }
                if (payloadKind == PayloadKind.JSON) {
                    checkBindable(method, payloadType);
                }
                resolvers[i] = Invocation::payload;
            } else if (role == MethodRole.CLOSE && type == CloseStatus.class && !sawStatus) {
                sawStatus = true;
                resolvers[i] = Invocation::closeStatus;
            } else if (role == MethodRole.ERROR && Throwable.class.isAssignableFrom(type) && !sawError) {
                sawError = true;
                errorType = type.asSubclass(Throwable.class);
                resolvers[i] = Invocation::error;
            } else {
                throw invalid(
                        method,
                        "parameter " + describe(parameter) + " cannot be resolved",
                        "Use only " + allowedFor(role) + " as parameters.");
            }
        }
        if (role == MethodRole.MESSAGE && payloadKind == null) {
            throw invalid(
                    method,
                    "it has no payload parameter",
                    "Add a parameter for the message: String or a JSON-bound type for text, byte[] or ByteBuffer for "
                            + "binary, InputStream or Message for both.");
        }
        if (role.sendsReturnValue() && !jsonAvailable && needsJson(method.getReturnType())) {
            throw invalid(
                    method,
                    "its return type " + method.getReturnType().getSimpleName()
                            + " would be sent as JSON, but no JSON mapper is available",
                    "Add Jackson 3 (spring-boot-starter-jackson) or define a JsonCodec bean, or return a String.");
        }
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        return new HandlerMethod(bean, method, invocable, resolvers, payloadKind, payloadType, errorType);
    }

    /** Fails when no JSON message could ever be bound to the payload type, as Jackson would bind it. */
    private void checkBindable(Method method, Type payloadType) {
        if (codec == null || !JACKSON_PRESENT) {
            return;
        }
        String problem = JacksonPayloadCheck.whyUnbindable(codec, payloadType);
        if (problem != null) {
            throw invalid(
                    method,
                    "its payload parameter of type " + payloadType.getTypeName()
                            + " can never be bound from a message: " + problem,
                    "Take the payload as a concrete type (a record or class with a constructor Jackson can use), "
                            + "String, byte[], ByteBuffer, InputStream or Message; or give the type @JsonTypeInfo "
                            + "with its subtypes.");
        }
    }

    private @Nullable ArgumentResolver contextResolver(Method method, MethodParameter parameter) {
        PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
        if (variable != null) {
            return pathVariableResolver(method, parameter, variable);
        }
        Class<?> type = parameter.getParameterType();
        if (type == Conn.class) {
            return Invocation::conn;
        }
        if (type == Handshake.class) {
            return Invocation::handshake;
        }
        if (Principal.class.isAssignableFrom(type)) {
            return invocation -> {
                Principal p = invocation.handshake().principal();
                return type.isInstance(p) ? p : null;
            };
        }
        return null;
    }

    private ArgumentResolver pathVariableResolver(Method method, MethodParameter parameter, PathVariable variable) {
        String name = StringUtils.hasText(variable.value()) ? variable.value() : variable.name();
        if (!StringUtils.hasText(name)) {
            name = parameter.getParameterName();
        }
        if (name == null) {
            throw invalid(
                    method,
                    "the name of @PathVariable parameter " + parameter.getParameterIndex()
                            + " is unknown (the class was compiled without -parameters)",
                    "Name the variable, as in @PathVariable(\"room\"), or compile with -parameters.");
        }
        if (!pathVariables.contains(name)) {
            throw invalid(
                    method,
                    "@PathVariable '" + name + "' is not a variable of the path pattern " + pathPattern,
                    "Use one of " + pathVariables + " or add {" + name + "} to the pattern.");
        }
        TypeDescriptor target = new TypeDescriptor(parameter);
        TypeDescriptor source = TypeDescriptor.valueOf(String.class);
        if (!conversionService.canConvert(source, target)) {
            throw invalid(
                    method,
                    "@PathVariable '" + name + "' cannot be converted to " + target,
                    "Declare it as String or a type the conversion service can convert from String.");
        }
        String variableName = name;
        return invocation -> {
            String value = invocation.handshake().pathVariable(variableName);
            return value == null ? null : conversionService.convert(value, source, target);
        };
    }

    private static boolean needsJson(Class<?> returnType) {
        return returnType != void.class
                && returnType != String.class
                && returnType != byte[].class
                && returnType != ByteBuffer.class
                && returnType != Message.class
                && returnType != Object.class;
    }

    private static String allowedFor(MethodRole role) {
        return switch (role) {
            case OPEN -> CONTEXT_TYPES;
            case MESSAGE -> "one payload parameter plus " + CONTEXT_TYPES;
            case CLOSE -> "CloseStatus plus " + CONTEXT_TYPES;
            case ERROR -> "one Throwable (or subtype) plus " + CONTEXT_TYPES;
        };
    }

    private static String describe(MethodParameter parameter) {
        String name = parameter.getParameterName();
        return (name != null ? "'" + name + "'" : "#" + parameter.getParameterIndex()) + " of type "
                + parameter.getGenericParameterType().getTypeName();
    }

    InvalidWebSocketHandlerException invalid(Method method, String problem, String fix) {
        return new InvalidWebSocketHandlerException(beanName, method, problem, fix);
    }
}
