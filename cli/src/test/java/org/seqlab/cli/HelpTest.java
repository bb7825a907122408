package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void unknownCommandIsOneLineAndExitCodeTwo() {
        CommandRun r = CommandRun.of(new SeqlabMain(), "translate-everything");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
