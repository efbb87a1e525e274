package io.github.wsboot.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process, user plus system, from {@code /proc/<pid>/stat} (Linux). The load client reads the
 * server's clock at the start and end of each measurement window, so server CPU per message needs no
 * coordination with the driver script.
 */
final class CpuClock {

    private final Path stat;
    private final long nanosPerTick;

    /** @param clockTicks the kernel's USER_HZ ({@code getconf CLK_TCK}, 100 on Linux/x86) */
    CpuClock(long pid, int clockTicks) {
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.nanosPerTick = 1_000_000_000L / clockTicks;
    }

    /** This JVM's own clock. */
    static CpuClock self(int clockTicks) {
        return new CpuClock(ProcessHandle.current().pid(), clockTicks);
    }

    /** utime + stime of the process, in nanoseconds. */
    long nanos() throws IOException {
        String s = Files.readString(stat);
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(f[11]);
        long stime = Long.parseLong(f[12]);
        return (utime + stime) * nanosPerTick;
    }
}
