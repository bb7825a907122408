package org.seqlab.common.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** A command whose worker thread runs out of memory while the main thread waits, for {@link CliTest}. */
@Command(name = "loader")
public final class OutOfMemoryInThreadMain implements Callable<Integer> {
    public static void main(String[] args) {
        Cli.main(new OutOfMemoryInThreadMain(), args);
    }

    @Override
    public Integer call() throws Exception {
        Thread worker = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, "data-loader");
        worker.start();
        Thread.sleep(60_000);
        return 0;
    }
}
