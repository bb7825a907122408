package org.seqlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User and system CPU seconds of this process, from {@code /proc/self/stat}: system time is the kernel's
 * share (allocation checks that read /proc, yielding threads, page faults), the number a regression in
 * native memory handling shows first.
 */
record CpuTimes(double user, double system) {
    /** Clock ticks per second of /proc's counters; 100 on every Linux that SeqLab targets. */
    private static final double TICKS = 100.0;

    /** Now, or zeros where /proc is not available. */
    static CpuTimes now() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new CpuTimes(Long.parseLong(fields[11]) / TICKS, Long.parseLong(fields[12]) / TICKS);
        } catch (IOException | RuntimeException e) {
            return new CpuTimes(0, 0);
        }
    }

    CpuTimes since(CpuTimes start) {
        return new CpuTimes(user - start.user, system - start.system);
    }
}
