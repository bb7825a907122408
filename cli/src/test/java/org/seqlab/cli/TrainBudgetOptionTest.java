package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqlab.common.testing.CommandRun;

/** Every app's train command takes {@code --minutes} from the shared options, with its own default and one check. */
class TrainBudgetOptionTest {
    /** Textgen and translation bound their default runs by time; the others by --epochs and early stopping. */
    @ParameterizedTest
    @CsvSource({"sentiment,0.0", "tagger,0.0", "caption,0.0", "textgen,20.0", "translate,25.0"})
    void helpShowsTheAppsOwnDefault(String app, String expected) {
        CommandRun r = CommandRun.of(new SeqlabMain(), app, "train", "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("--minutes=M .*?Default: ([0-9.]+)\\.").matcher(help);
        assertTrue(m.find(), "--minutes in the help of " + app + ": " + r.out());
        assertEquals(expected, m.group(1), app);
    }

    @ParameterizedTest
    @CsvSource({"sentiment,-1", "sentiment,NaN", "sentiment,abc", "textgen,-1", "textgen,NaN", "textgen,abc",
            "tagger,2000000", "caption,-0.5", "translate,Infinity"})
    void aBadBudgetIsOneLineAndExitCodeTwoBeforeAnyDataIsRead(String app, String minutes, @TempDir Path dir) {
        CommandRun r = CommandRun.of(new SeqlabMain(), app, "train", "--minutes", minutes, "--data",
                dir.resolve("absent.txt").toString(), "--model", dir.resolve("model").toString(), "--out",
                dir.resolve("report").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--minutes") && r.err().contains(minutes), r.err());
    }
}
