package org.seqlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process memory. ND4J's allocation trackers stay at zero on the CPU backend in M2.1, so the off-heap
 * figure is what we can count: the workspaces of the calling thread (where DL4J puts activations,
 * gradients and working memory when workspaces are enabled) plus the network's parameter, gradient
 * and updater-state arrays.
 */
final class Memory {
    private final long fixedBytes;
    private long offHeapPeak;

    private Memory(long fixedBytes) {
        this.fixedBytes = fixedBytes;
    }

    static Memory track(MultiLayerNetwork net) {
        long elements = net == null ? 0 : 2 * net.numParams()
                + (net.getUpdater().getStateViewArray() == null ? 0 : net.getUpdater().getStateViewArray().length());
        long bytes = net == null ? 0 : elements * net.params().dataType().width();
        Memory memory = new Memory(bytes);
        memory.sample();
        return memory;
    }

    void sample() {
        long workspaces = 0;
        for (MemoryWorkspace workspace : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            workspaces += workspace.getCurrentSize();
        }
        offHeapPeak = Math.max(offHeapPeak, fixedBytes + workspaces);
    }

    long offHeapPeak() {
        return offHeapPeak;
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is not available. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** The 1-minute load average, to judge how noisy a measurement was; -1 if unknown. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
