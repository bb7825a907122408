package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.common.testing.CommandRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/** Every command and subcommand of {@code seqlab} explains itself and every option and parameter. */
class HelpTest {
    @Test
    void everyCommandDescribesEveryOptionAndParameter() {
        List<String> undocumented = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new SeqlabMain())));
        int seen = 0;
        while (!commands.isEmpty()) {
            CommandLine cmd = commands.remove(0);
            seen++;
            String name = cmd.getCommandSpec().qualifiedName();
            if (cmd.getCommandSpec().usageMessage().description().length == 0) {
                undocumented.add(name + " (no description)");
            }
            List<ArgSpec> args = new ArrayList<>(cmd.getCommandSpec().options());
            args.addAll(cmd.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                if (arg.description().length == 0 || arg.description()[0].isBlank()) {
                    undocumented.add(name + " " + arg.paramLabel());
                }
            }
            commands.addAll(cmd.getSubcommands().values());
        }
        assertTrue(seen >= 15, "walked the whole command tree: " + seen);
        assertTrue(undocumented.isEmpty(), "undocumented: " + undocumented);
    }

    @Test
    void everyHelpRendersWithoutPicocliWarnings() {
        // a lone '%' in a description ("the last 5 % of") makes picocli print a warning above the help
        PrintStream savedErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> warned = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new SeqlabMain())));
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            while (!commands.isEmpty()) {
                CommandLine cmd = commands.remove(0);
                err.reset();
                cmd.getUsageMessage();
                if (err.toString(StandardCharsets.UTF_8).contains("WARN")) {
                    warned.add(cmd.getCommandSpec().qualifiedName() + ": " + err.toString(StandardCharsets.UTF_8).strip());
                }
                commands.addAll(cmd.getSubcommands().values());
            }
        } finally {
            System.setErr(savedErr);
        }
        assertTrue(warned.isEmpty(), String.join("\n", warned));
    }

    @Test
    void noHelpShowsANullDefault() {
        // an option whose default is decided at run time rendered "Default: null" (tagger train's --model, --out, --split)
        List<String> nulls = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>(List.of(new CommandLine(new SeqlabMain())));
        while (!commands.isEmpty()) {
            CommandLine cmd = commands.remove(0);
            if (cmd.getUsageMessage().replaceAll("\\s+", " ").contains("Default: null")) {
                nulls.add(cmd.getCommandSpec().qualifiedName());
            }
            commands.addAll(cmd.getSubcommands().values());
        }
        assertTrue(nulls.isEmpty(), "--help shows a null default in: " + nulls);
    }

    @Test
    void unknownCommandIsOneLineAndExitCodeTwo() {
        CommandRun r = CommandRun.of(new SeqlabMain(), "translate-everything");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
