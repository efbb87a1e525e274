package io.github.wsboot.websocket.peers;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Objects;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;

/**
 * A program outside Maven that some tests run against (node, python, a browser...). When it is missing, such a
 * test is skipped with a message naming the install script, so a developer without it can still build; but
 * with {@code CI=true} it fails, so CI cannot go green by silently skipping the interop it was meant to run.
 */
public final class ExternalPeer {

    /** The script that installs every external peer; CI runs it before the build. */
    public static final String INSTALL_SCRIPT = ".ci/install-test-peers";

    private final String name;
    private final Supplier<String> problem;
    private volatile String checked; // "" once the peer was found; the check runs processes, so once per JVM

    /**
     * @param name    how messages name the peer, for example "node ws"
     * @param problem says why the peer cannot run, or returns null when it can
     */
    public ExternalPeer(String name, Supplier<String> problem) {
        this.name = Objects.requireNonNull(name, "name");
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public String name() {
        return name;
    }

    /** Why the peer cannot run, or null when it is installed. */
    public String problem() {
        String p = checked;
        if (p == null) {
            String found = problem.get();
            p = found == null ? "" : found;
            checked = p;
        }
        return p.isEmpty() ? null : p;
    }

    /** Skips the calling test when the peer is missing, or fails it when the environment says {@code CI=true}. */
    public void assumeInstalledOrFailInCi() {
        assumeInstalledOrFailInCi(System.getenv("CI"));
    }

    /** {@link #assumeInstalledOrFailInCi()} with the value of {@code CI} given, for testing the rule itself. */
    void assumeInstalledOrFailInCi(String ciVariable) {
        String p = problem();
        if (p == null) {
            return;
        }
        String message = name + " is not available (" + p + "); run " + INSTALL_SCRIPT + " to install it";
        if ("true".equalsIgnoreCase(ciVariable)) {
            fail(message + ". CI=true: a missing peer fails the build instead of skipping its tests");
        }
        Assumptions.abort(message);
    }

    @Override
    public String toString() {
        return name;
    }
}
