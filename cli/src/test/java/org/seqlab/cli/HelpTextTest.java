package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.common.testing.CommandRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command's {@code --help}, walked from the umbrella command: each option explained, no default shown as null. */
class HelpTextTest {
    @Test
    void everyOptionOfEveryCommandIsExplainedAndNoDefaultReadsNull() {
        List<String> commands = new ArrayList<>();
        walk(new CommandLine(new SeqlabMain()), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 20, "the walk reached the apps' subcommands: " + commands);
        for (String path : commands) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.add("--help");
            CommandRun r = CommandRun.of(new SeqlabMain(), args.toArray(String[]::new));
            assertEquals(0, r.code(), path + ": " + r.err());
            String help = r.out().replaceAll("\\s+", " ");
            assertTrue(!help.contains("Default: null"), "seqlab " + path + " --help shows a null default: " + r.out());
        }
    }

    private static void walk(CommandLine command, List<String> path, List<String> out) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            assertTrue(option.description().length > 0 && !option.description()[0].isBlank(),
                    "seqlab " + String.join(" ", path) + " " + option.longestName() + " has no description");
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                out.add(String.join(" ", next));
                walk(sub, next, out);
            }
        });
    }
}
