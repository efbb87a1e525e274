package io.github.wsboot.websocket.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule for missing external peers. */
class ExternalPeerTest {

    private final ExternalPeer missing = new ExternalPeer("frobnicator", () -> "no frobnicator on the PATH");

    @Test
    void aMissingPeerSkipsOutsideCi() {
        assertThatThrownBy(() -> missing.assumeInstalledOrFailInCi(null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("frobnicator is not available (no frobnicator on the PATH)")
                .hasMessageContaining(".ci/install-test-peers");
        assertThatThrownBy(() -> missing.assumeInstalledOrFailInCi("false")).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aMissingPeerFailsInCi() {
        assertThatThrownBy(() -> missing.assumeInstalledOrFailInCi("true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(".ci/install-test-peers")
                .hasMessageContaining("CI=true");
    }

    @Test
    void anInstalledPeerRunsAndIsCheckedOnce() {
        AtomicInteger checks = new AtomicInteger();
        ExternalPeer present = new ExternalPeer("present", () -> {
            checks.incrementAndGet();
            return null;
        });
        assertThatCode(() -> present.assumeInstalledOrFailInCi("true")).doesNotThrowAnyException();
        assertThatCode(() -> present.assumeInstalledOrFailInCi(null)).doesNotThrowAnyException();
        assertThat(checks).hasValue(1);
    }
}
