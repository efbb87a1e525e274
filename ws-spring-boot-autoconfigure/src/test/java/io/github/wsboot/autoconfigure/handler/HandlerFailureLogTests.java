package io.github.wsboot.autoconfigure.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The rate limit of {@link HandlerFailureLog}, on a clock the test moves, read back through Logback. */
class HandlerFailureLogTests {

    private static final String LOGGER = HandlerFailureLogTests.class.getName();

    private final AtomicLong nanos = new AtomicLong();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LOGGER);
    private final HandlerFailureLog log =
            new HandlerFailureLog(LogFactory.getLog(LOGGER), Duration.ofSeconds(60), nanos::get);

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(null);
    }

    @Test
    void logsTheFirstFailureWithItsStackThenOncePerWindowWithTheCountOfTheOthers() {
        for (int i = 0; i < 5; i++) {
            log.unhandled("handler 'a' on /a", new IllegalStateException("n" + i), "closed with 1011");
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        nanos.set(Duration.ofSeconds(61).toNanos());
        log.unhandled("handler 'a' on /a", new IllegalStateException("later"), "closed with 1011");

        List<ILoggingEvent> events = appender.list;
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).isNotNull();
        });
        assertThat(events.get(0).getFormattedMessage())
                .isEqualTo("handler 'a' on /a failed: java.lang.IllegalStateException: n0; closed with 1011");
        assertThat(events.get(1).getFormattedMessage())
                .isEqualTo("handler 'a' on /a failed: "
                        + "java.lang.IllegalStateException: later; closed with 1011 (4 more failures like this in the "
                        + "previous 60 s were not logged)");
    }

    @Test
    void theCountOfAKindThatStoppedFailingIsLoggedWithTheNextFailureOfAnyKind() {
        for (int i = 0; i < 3; i++) {
            log.unhandled("handler 'a' on /a", new IllegalStateException("a" + i), "closed with 1011");
        }
        nanos.set(Duration.ofSeconds(90).toNanos());
        log.rejected("handler 'b' on /b", new IllegalArgumentException("bad json"), "closed with 1007");

        assertThat(appender.list)
                .extracting(e -> e.getLevel() + " " + e.getFormattedMessage())
                .containsExactly(
                        "WARN handler 'a' on /a failed: java.lang.IllegalStateException: a0; closed with 1011",
                        "WARN handler 'a' on /a failed with java.lang.IllegalStateException (2 more failures like this in "
                                + "the previous 60 s were not logged)",
                        "INFO handler 'b' on /b failed: java.lang.IllegalArgumentException: bad json; closed with 1007");
        assertThat(appender.list.get(1).getThrowableProxy()).isNull();
    }

    @Test
    void countsEachExceptionClassAndEachHandlerApart() {
        log.unhandled("handler 'a' on /a", new IllegalStateException("1"), "x");
        log.unhandled("handler 'a' on /a", new IllegalArgumentException("2"), "x");
        log.unhandled("handler 'b' on /b", new IllegalStateException("3"), "x");
        log.unhandled("handler 'b' on /b", new IllegalStateException("4"), "x");

        assertThat(appender.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "handler 'a' on /a failed: java.lang.IllegalStateException: 1; x",
                        "handler 'a' on /a failed: java.lang.IllegalArgumentException: 2; x",
                        "handler 'b' on /b failed: java.lang.IllegalStateException: 3; x");
    }

    @Test
    void handledFailuresGoToDebugAndRejectedOnesToInfoWithoutAStack() {
        log.handled("handler 'a' on /a", new IllegalStateException("h"), "handled");
        log.rejected("handler 'a' on /a", new IllegalArgumentException("bad json"), "closed with 1007");

        assertThat(appender.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getThrowableProxy()).isNull();
            assertThat(e.getFormattedMessage()).contains("bad json");
        });
    }
}
