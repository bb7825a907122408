package org.seqlab.common.progress;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr (rate, ETA and a free-text message such as the current loss) for every
 * long loop. Silent when stderr is not a terminal, in CI, or with {@code -Dseqlab.quiet=true}, so logs
 * and test output stay clean.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static boolean enabled() {
        return System.console() != null && System.getenv("CI") == null && !Boolean.getBoolean("seqlab.quiet");
    }

    /** A progress bar that draws nothing (for work whose progress another bar already shows). */
    public static Progress silent() {
        return new Progress(null);
    }

    /**
     * @param total the number of units, or -1 when unknown
     * @param unit  what one step counts, e.g. "batch", "tok", "B"
     */
    public static Progress start(String task, long total, String unit) {
        if (!enabled()) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setEtaFunction(state -> state.getMax() > 0 && state.getCurrent() > 0
                        ? java.util.Optional.of(Duration.ofMillis((long) (state.getElapsedAfterStart().toMillis()
                                * (state.getMax() - state.getCurrent()) / (double) state.getCurrent())))
                        : java.util.Optional.empty())
                .build();
        return new Progress(bar);
    }

    public void step(long units) {
        if (bar != null) {
            bar.stepBy(units);
        }
    }

    public void message(String text) {
        if (bar != null) {
            bar.setExtraMessage(text);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
