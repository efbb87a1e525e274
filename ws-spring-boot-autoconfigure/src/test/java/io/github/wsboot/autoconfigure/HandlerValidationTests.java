package io.github.wsboot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.json.JsonMapper;

import io.github.wsboot.autoconfigure.diagnostics.InvalidWebSocketHandlerException;
import io.github.wsboot.autoconfigure.server.HandlerModel;
import io.github.wsboot.autoconfigure.server.WebSocketEndpoints;
import io.github.wsboot.autoconfigure.testsupport.FailureReports;
import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnError;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;

/**
 * Mappings that cannot work fail the application at startup, and Boot's failure report names the bean, the
 * method and the fix.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerValidationTests {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    WebSocketJsonAutoConfiguration.class,
                    WebSocketServerAutoConfiguration.class));

    static Arguments broken(Class<?> handler, String method, String problem, String fix) {
        return Arguments.of(handler, method, problem, fix);
    }

    static java.util.stream.Stream<Arguments> brokenHandlers() {
        return java.util.stream.Stream.of(
                broken(BothModels.class, null, "implements ConnectionHandler and also declares", "Choose one model"),
                broken(
                        NoModel.class,
                        null,
                        "neither implements ConnectionHandler nor declares an @OnMessage method",
                        "annotate a method with @OnMessage"),
                broken(NoPath.class, null, "@WebSocketHandler has no path", "@WebSocketHandler(\"/chat\")"),
                broken(RelativePath.class, null, "does not start with '/'", "\"/chat\""),
                broken(BadPattern.class, null, "is not a valid pattern", "PathPattern syntax"),
                broken(TwoPayloads.class, "on", "two payload parameters", "Keep one payload parameter"),
                broken(NoPayload.class, "on", "has no payload parameter", "Add a parameter for the message"),
                broken(
                        UnknownOpenParameter.class,
                        "open",
                        "parameter 'count' of type int cannot be resolved",
                        "Conn, Handshake, java.security.Principal or an @PathVariable"),
                broken(
                        CloseReturnsValue.class,
                        "closed",
                        "@OnClose methods must return void",
                        "Declare the method void"),
                broken(
                        UnknownPathVariable.class,
                        "on",
                        "@PathVariable 'room' is not a variable of the path pattern /chat/{id}",
                        "add {room} to the pattern"),
                broken(
                        TwoTextMethods.class,
                        "second",
                        "takes text messages, and so does",
                        "one @OnMessage method per message type"),
                broken(
                        StreamAndText.class,
                        "text",
                        "takes text messages, and so does",
                        "one @OnMessage method per message type"),
                broken(TwoRoles.class, "on", "more than one of @OnOpen, @OnMessage, @OnClose and @OnError", "one role"),
                broken(TwoErrorHandlers.class, "second", "second @OnError method", "Keep one @OnError method"),
                broken(BadReadLimit.class, null, "readLimit = \"lots\") is not a data size", "\"64KB\""),
                broken(BadSubprotocol.class, null, "value 'a b' is not an HTTP token", "token characters"),
                broken(
                        RunnablePayload.class,
                        "on",
                        "its payload parameter of type java.lang.Runnable can never be bound "
                                + "from a message: Jackson cannot create a java.lang.Runnable from JSON: it is abstract",
                        "Take the payload as a concrete type"),
                broken(
                        UntypedInterfacePayload.class,
                        "on",
                        "payload parameter of type " + Shape.class.getName() + " can never be bound",
                        "give the type @JsonTypeInfo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHandlers")
    void brokenHandlerFailsStartupWithAReportNamingBeanMethodAndFix(
            Class<?> handler, String method, String problem, String fix) {
        runner.withBean("brokenHandler", handler).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidWebSocketHandlerException.class);
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            String where = method == null
                    ? "WebSocket handler bean 'brokenHandler': "
                    : "WebSocket handler bean 'brokenHandler', method " + handler.getSimpleName() + "." + method
                            + "(): ";
            assertThat(report.getDescription()).startsWith(where).contains(problem);
            assertThat(report.getAction()).contains(fix);
        });
    }

    @Test
    void twoBeansOnOnePathFailEvenWhenOnlyTheVariableNamesDiffer() {
        runner.withBean("first", Room.class).withBean("second", OtherRoom.class).run(context -> {
            FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
            assertThat(report.getDescription())
                    .contains("'second'", "'/rooms/{name}' is already mapped to bean 'first'");
            assertThat(report.getAction()).contains("a path of its own");
        });
    }

    @Test
    void jsonPayloadWithoutAJsonMapperFailsAtStartup() {
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withBean(JsonPayload.class)
                .run(context -> {
                    FailureAnalysis report = FailureReports.analyze(context.getStartupFailure());
                    assertThat(report.getDescription())
                            .contains("must be bound from JSON, but no JSON mapper is available");
                    assertThat(report.getAction()).contains("spring-boot-starter-jackson");
                });
    }

    @Test
    void anInterfacePayloadWithTypeInformationIsAccepted() {
        runner.withBean(TypedInterfacePayload.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void everySupportedSignatureIsAccepted() {
        runner.withBean(FullSignatures.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WebSocketEndpoints.class).list().get(0).model())
                    .isEqualTo(HandlerModel.MESSAGE);
        });
    }

    /** A connection handler that does nothing: the fixtures below differ only in their {@code @WebSocketHandler}. */
    abstract static class IdleHandler implements ConnectionHandler {
        @Override
        public void serve(Conn conn, Handshake handshake) {}
    }

    // ---- broken handlers -------------------------------------------------------------------------------------

    @WebSocketHandler("/x")
    static class BothModels implements ConnectionHandler {
        @Override
        public void serve(Conn conn, Handshake handshake) {}

        @OnMessage
        void on(String text) {}
    }

    @WebSocketHandler("/x")
    static class NoModel {}

    @WebSocketHandler
    static class NoPath extends IdleHandler {}

    @WebSocketHandler("chat")
    static class RelativePath extends IdleHandler {}

    @WebSocketHandler("/rooms/{room")
    static class BadPattern extends IdleHandler {}

    @WebSocketHandler("/x")
    static class TwoPayloads {
        @OnMessage
        void on(String text, byte[] data) {}
    }

    @WebSocketHandler("/x")
    static class NoPayload {
        @OnMessage
        void on(Conn conn) {}
    }

    @WebSocketHandler("/x")
    static class UnknownOpenParameter {
        @OnOpen
        void open(int count) {}

        @OnMessage
        void on(String text) {}
    }

    @WebSocketHandler("/x")
    static class CloseReturnsValue {
        @OnMessage
        void on(String text) {}

        @OnClose
        String closed(CloseStatus status) {
            return "bye";
        }
    }

    @WebSocketHandler("/chat/{id}")
    static class UnknownPathVariable {
        @OnMessage
        void on(String text, @PathVariable String room) {}
    }

    @WebSocketHandler("/x")
    static class TwoTextMethods {
        @OnMessage
        void first(String text) {}

        @OnMessage
        void second(Greeting greeting) {}
    }

    @WebSocketHandler("/x")
    static class StreamAndText {
        @OnMessage
        void stream(InputStream in) {}

        @OnMessage
        void text(String text) {}
    }

    @WebSocketHandler("/x")
    static class TwoRoles {
        @OnMessage
        @OnOpen
        void on(String text) {}
    }

    @WebSocketHandler("/x")
    static class TwoErrorHandlers {
        @OnMessage
        void on(String text) {}

        @OnError
        void first(Throwable error) {}

        @OnError
        void second(Throwable error) {}
    }

    @WebSocketHandler(path = "/x", readLimit = "lots")
    static class BadReadLimit extends IdleHandler {}

    @WebSocketHandler(path = "/x", subprotocols = "a b")
    static class BadSubprotocol extends IdleHandler {}

    @WebSocketHandler("/rooms/{room}")
    static class Room extends IdleHandler {}

    @WebSocketHandler("/rooms/{name}")
    static class OtherRoom extends IdleHandler {}

    record Greeting(String name) {}

    @WebSocketHandler("/x")
    static class JsonPayload {
        @OnMessage
        void on(Greeting greeting) {}
    }

    @WebSocketHandler("/x")
    static class RunnablePayload {
        @OnMessage
        void on(Runnable task) {}
    }

    /** An interface without type information: Jackson could never choose an implementation. */
    interface Shape {}

    @WebSocketHandler("/x")
    static class UntypedInterfacePayload {
        @OnMessage
        void on(Shape shape) {}
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
    sealed interface TypedShape permits Circle {}

    record Circle(double r) implements TypedShape {}

    @WebSocketHandler("/x")
    static class TypedInterfacePayload {
        @OnMessage
        void on(TypedShape shape) {}
    }

    /** Every parameter kind and return type the model supports, in one valid handler. */
    @WebSocketHandler("/full/{id}/{name}")
    static class FullSignatures {
        @OnOpen
        Greeting open(Conn conn, Handshake handshake, java.security.Principal principal, @PathVariable long id) {
            return null;
        }

        @OnMessage
        java.nio.ByteBuffer text(Greeting greeting, @PathVariable("name") String name) {
            return null;
        }

        @OnMessage
        io.github.wsboot.websocket.Message binary(java.nio.ByteBuffer data) {
            return null;
        }

        @OnClose
        void closed(CloseStatus status, Handshake handshake) {}

        @OnError
        void failed(java.io.IOException error, Conn conn) {}
    }
}
