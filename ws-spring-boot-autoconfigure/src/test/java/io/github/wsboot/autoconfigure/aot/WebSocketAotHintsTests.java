package io.github.wsboot.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.web.bind.annotation.PathVariable;

import io.github.wsboot.spring.CloseStatus;
import io.github.wsboot.spring.ConnectionHandler;
import io.github.wsboot.spring.Handshake;
import io.github.wsboot.spring.OnClose;
import io.github.wsboot.spring.OnMessage;
import io.github.wsboot.spring.OnOpen;
import io.github.wsboot.spring.WebSocketHandler;
import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.transport.ServletUpgradeHandler;
import io.github.wsboot.websocket.transport.TomcatUpgradeHandler;

/**
 * Runs Spring's AOT processing over a context with handler beans, as {@code spring-boot:process-aot} does, and
 * checks the runtime hints that come out: the starter's contributions are found through
 * {@code META-INF/spring/aot.factories}.
 */
class WebSocketAotHintsTests {

    private static RuntimeHints hints;

    @BeforeAll
    static void processAheadOfTime() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean("roomHandler", RoomHandler.class);
            context.registerBean("echoHandler", EchoHandler.class);
            context.registerBean("plainBean", PlainBean.class);
            DefaultGenerationContext generation = new DefaultGenerationContext(
                    new ClassNameGenerator(ClassName.get("com.example", "AotTest")), new InMemoryGeneratedFiles());
            new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
            hints = generation.getRuntimeHints();
        }
    }

    @Test
    void handlerMethodsAreRegisteredForInvocation() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomHandler.class, "open"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomHandler.class, "chat"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomHandler.class, "closed"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RoomHandler.class, "helper"))
                .rejects(hints);
    }

    @Test
    void aSealedPayloadIsRegisteredForBindingWithItsPermittedSubtypesAndTheirComponents() {
        for (Class<?> type : List.of(Say.class, Move.class, Attachment.class, Position.class)) {
            assertThat(RuntimeHintsPredicates.reflection()
                            .onType(type)
                            .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                    .as(type.getSimpleName())
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(Command.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Say.class, "attachment"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Position.class, "x"))
                .accepts(hints);
    }

    @Test
    void returnTypesAreRegisteredWithTheirJsonSubTypes() {
        assertThat(RuntimeHintsPredicates.reflection().onType(Event.class)).accepts(hints);
        for (Class<?> type : List.of(Event.Joined.class, Event.Left.class)) {
            assertThat(RuntimeHintsPredicates.reflection()
                            .onType(type)
                            .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                    .as(type.getSimpleName())
                    .accepts(hints);
        }
    }

    @Test
    void contextArgumentsAreNotRegisteredForBinding() {
        for (Class<?> type : List.of(Conn.class, Handshake.class, CloseStatus.class, Principal.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type))
                    .as(type.getSimpleName())
                    .rejects(hints);
        }
    }

    @Test
    void connectionHandlerBeansAreRegisteredButOtherBeansGetNothingFromTheStarter() {
        assertThat(RuntimeHintsPredicates.reflection().onType(EchoHandler.class))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(hints);
    }

    @Test
    void containersCanInstantiateTheUpgradeHandlers() {
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(ServletUpgradeHandler.class)
                        .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(TomcatUpgradeHandler.class)
                        .withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
                .accepts(hints);
        assertThat(WebSocketRuntimeHints.UPGRADE_HANDLERS)
                .containsExactly(ServletUpgradeHandler.class.getName(), TomcatUpgradeHandler.class.getName());
    }

    @Test
    void classesCheckedByNameAndLookedUpByMethodHandleAreRegistered() throws Exception {
        for (String name : WebSocketRuntimeHints.CHECKED_CONTAINER_CLASSES) {
            assertThat(Class.forName(name)).as("still exists: %s", name).isNotNull();
            assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(name)))
                    .as(name)
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection()
                        .onType(TypeReference.of("org.eclipse.jetty.ee11.servlet.ServletApiRequest")))
                .accepts(hints);
        assertThat(hints.reflection().getTypeHint(Thread.class).methods())
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo("ofVirtual"));
    }

    @WebSocketHandler("/rooms/{room}")
    static class RoomHandler {

        @OnOpen
        Event open(@PathVariable String room, Handshake handshake) {
            return new Event.Joined(room);
        }

        @OnMessage
        Reply chat(Command command, Principal user, Conn conn) {
            return new Reply(command.toString());
        }

        @OnClose
        void closed(CloseStatus status) {}

        Unrelated helper(Unrelated value) {
            return value;
        }
    }

    @WebSocketHandler("/echo")
    static class EchoHandler implements ConnectionHandler {

        @Override
        public void serve(Conn conn, Handshake handshake) {}
    }

    static class PlainBean {

        Unrelated value() {
            return new Unrelated("x");
        }
    }

    sealed interface Command permits Say, Move {}

    record Say(String text, Attachment attachment) implements Command {}

    record Move(List<Position> path) implements Command {}

    record Attachment(String name) {}

    record Position(int x, int y) {}

    record Reply(String text) {}

    record Unrelated(String value) {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Event.Joined.class, name = "joined"),
        @JsonSubTypes.Type(value = Event.Left.class, name = "left")
    })
    interface Event {

        record Joined(String room) implements Event {}

        record Left(String room) implements Event {}
    }
}
