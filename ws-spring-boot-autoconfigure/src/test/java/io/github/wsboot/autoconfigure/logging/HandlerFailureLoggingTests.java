package io.github.wsboot.autoconfigure.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;
import io.github.wsboot.autoconfigure.testsupport.JdkWsClient;
import io.github.wsboot.websocket.CloseCodes;

/**
 * Handler exceptions over real connections, as they appear in the application's log: unhandled ones at WARN
 * with the stack trace, naming endpoint and bean, once however often they repeat; handled ones at DEBUG only;
 * messages that cannot be bound at INFO; and the startup line listing the endpoints.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerFailureLoggingTests {

    private static ConfigurableApplicationContext context;
    private static String startupOutput;

    @BeforeAll
    static void start(CapturedOutput output) {
        context = new SpringApplicationBuilder(FailingHandlersApplication.class)
                .initializers(FailingHandlersApplication.handlers())
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "logging.level.io.github.wsboot.autoconfigure.server.ConnectionRunner=DEBUG")
                .run();
        startupOutput = output.getAll();
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void startupLogListsEveryEndpointWithBeanAndModelInOneInfoLine() {
        Matcher line = Pattern.compile("(?m)^.* INFO .*EndpointHandlerMapping\\s*: (5 WebSocket endpoints mapped: .*)$")
                .matcher(startupOutput);
        assertThat(line.find()).as(startupOutput).isTrue();
        assertThat(line.group(1))
                .isEqualTo("5 WebSocket endpoints mapped: "
                        + "/asserting -> asserting (message-oriented), "
                        + "/handled -> handled (message-oriented), "
                        + "/looping -> looping (connection-oriented), "
                        + "/typed -> typed (message-oriented), "
                        + "/unhandled -> unhandled (message-oriented)");
    }

    @Test
    void anUnhandledHandlerExceptionIsLoggedAtWarnWithItsStackOnceForManyConnections(CapturedOutput output)
            throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(failOnce("/unhandled", "m" + i)).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        }
        awaitConnectionsEnded();
        String log = output.getAll();
        assertThat(count(log, "WARN .*WebSocket handler 'unhandled'")).as(log).isEqualTo(1);
        assertThat(log)
                .contains("WebSocket handler 'unhandled' ("
                        + FailingHandlers.Unhandled.class.getName() + ") on /unhandled failed: "
                        + "java.lang.IllegalStateException: unhandled m0; the connection was closed with 1011 "
                        + "(an @OnError method would handle it)")
                .contains("\tat " + FailingHandlers.Unhandled.class.getName() + ".fail(");
        assertThat(log).doesNotContain("unhandled m1").doesNotContain("unhandled m2");
    }

    @Test
    void aConnectionHandlerExceptionIsLoggedAtWarnWithItsStack(CapturedOutput output) throws Exception {
        assertThat(failOnce("/looping", "x")).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().contains("looping x"));
        assertThat(output.getAll())
                .containsPattern("WARN .*WebSocket handler 'looping' "
                        + "\\(.*Looping\\) on /looping failed: java.lang.UnsupportedOperationException: looping x; "
                        + "the connection was closed with 1011 \\(catching it in serve would handle it\\)")
                .contains("\tat " + FailingHandlers.Looping.class.getName() + ".serve(");
    }

    @Test
    void anAssertionErrorFromAHandlerIsLoggedAtWarnClosesWith1011AndStillReachesOnClose(CapturedOutput output)
            throws Exception {
        FailingHandlers.Asserting asserting = context.getBean(FailingHandlers.Asserting.class);
        assertThat(failOnce("/asserting", "a")).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        assertThat(asserting.closes.poll(10, TimeUnit.SECONDS).code()).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        awaitConnectionsEnded();
        assertThat(output.getAll())
                .containsPattern("WARN .*WebSocket handler 'asserting' \\(.*\\) on /asserting "
                        + "failed: java.lang.AssertionError: asserting a; the connection was closed with 1011");
    }

    @Test
    void anExceptionAnOnErrorMethodReceivedIsLoggedAtDebugOnly(CapturedOutput output) throws Exception {
        assertThat(failOnce("/handled", "h")).isEqualTo(CloseCodes.INTERNAL_SERVER_ERR);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().contains("handled h"));
        awaitConnectionsEnded();
        assertThat(output.getAll())
                .containsPattern("DEBUG .*WebSocket handler 'handled' "
                        + "\\(.*\\) on /handled failed: java.lang.IllegalArgumentException: handled h; handled by its "
                        + "@OnError method")
                .doesNotContainPattern("(WARN|ERROR|INFO) .*handled h");
    }

    @Test
    void aMessageThatCannotBeBoundIsLoggedAtInfoWithoutAStack(CapturedOutput output) throws Exception {
        assertThat(failOnce("/typed", "{\"x\":\"not a number\"}")).isEqualTo(CloseCodes.INVALID_FRAME_PAYLOAD_DATA);
        awaitConnectionsEnded();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().contains("on /typed failed"));
        assertThat(output.getAll())
                .containsPattern("INFO .*WebSocket handler 'typed' "
                        + "\\(.*\\) on /typed failed: io.github.wsboot.spring.InvalidPayloadException: could not bind "
                        + "the message to .*Point.*; the connection was closed with 1007")
                .doesNotContain("\tat io.github.wsboot.autoconfigure.handler.MessageHandlerAdapter.decodeJson");
    }

    /** Connects, sends one text message, and returns the close code the server answered with. */
    private static int failOnce(String path, String text) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (JdkWsClient client = JdkWsClient.connect("ws://localhost:" + port + path)) {
            client.sendText(text);
            return client.awaitClose().code();
        }
    }

    /** The log line of a failure is written before its connection leaves the tracker. */
    private static void awaitConnectionsEnded() {
        ConnectionTracker tracker = context.getBean(ConnectionTracker.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> tracker.active() == 0);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
