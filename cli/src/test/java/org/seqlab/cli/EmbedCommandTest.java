package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code seqlab embed} on small files written here: exit codes, messages, help and JSON output. */
class EmbedCommandTest {
    static CommandRun runWithInput(String stdin, String... args) {
        return CommandRun.withInput(new SeqlabMain(), stdin, args);
    }

    static CommandRun run(String... args) {
        return runWithInput("", args);
    }

    private static Path vectors(Path dir) throws Exception {
        Path file = dir.resolve("toy.txt");
        Files.writeString(file, """
                king 1 1 0.1
                queen -1 1 0.1
                man 1 0 0
                woman -1 0 0
                apple 0 0 1
                """);
        return file;
    }

    private static void assertOneLineError(CommandRun r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals("", r.out());
    }

    @Test
    void nearestAndAnalogyPrintJsonLines(@TempDir Path dir) throws Exception {
        Path file = vectors(dir);
        CommandRun nearest = run("embed", "nearest", "King", "man", "--vectors", file.toString(), "-k", "2");
        assertEquals(0, nearest.code(), nearest.err());
        List<JsonNode> lines = nearest.json();
        assertEquals(2, lines.size());
        // "King" is found through its lower-case form
        assertEquals("king", lines.get(0).get("word").asText());
        assertEquals("man", lines.get(0).get("neighbours").get(0).get("word").asText());
        assertEquals(2, lines.get(1).get("neighbours").size());

        CommandRun analogy = run("embed", "analogy", "man", "king", "woman", "--vectors", file.toString(), "-k", "1");
        assertEquals(0, analogy.code(), analogy.err());
        assertEquals("queen", analogy.json().get(0).get("answers").get(0).get("word").asText());
    }

    @Test
    void nearestReadsWordsFromStandardInput(@TempDir Path dir) throws Exception {
        CommandRun r = runWithInput("queen\n\nwoman\n", "embed", "nearest", "--vectors", vectors(dir).toString(), "-k", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("queen", "woman"), r.json().stream().map(j -> j.get("word").asText()).toList());
    }

    @Test
    void unknownWordIsAOneLineErrorWithExitCode2(@TempDir Path dir) throws Exception {
        assertOneLineError(run("embed", "nearest", "zebra", "--vectors", vectors(dir).toString()), "'zebra'");
        assertOneLineError(run("embed", "analogy", "man", "king", "zebra", "--vectors", vectors(dir).toString()), "'zebra'");
    }

    @Test
    void missingFilesAreExitCode2(@TempDir Path dir) {
        String missing = dir.resolve("missing.txt").toString();
        assertOneLineError(run("embed", "nearest", "king", "--vectors", missing), "missing.txt");
        assertOneLineError(run("embed", "tfidf-search", "--data", missing, "cats"), "missing.txt");
        assertOneLineError(run("embed", "word2vec", "--data", missing, "--out", dir.resolve("o").toString()), "missing.txt");
    }

    @Test
    void badOptionValuesAreExitCode2(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("c.txt");
        Files.writeString(corpus, "a b c\n");
        assertOneLineError(run("embed", "word2vec", "--data", corpus.toString(), "--out", dir.resolve("o").toString(),
                "--arch", "glove"), "--arch");
        assertOneLineError(run("embed", "word2vec", "--data", corpus.toString(), "--out", dir.resolve("o").toString(),
                "--dim", "0"), "--dim");
        assertOneLineError(run("embed", "tfidf-search", "--data", corpus.toString(), "--ngrams", "9", "a"), "--ngrams");
        Path ragged = dir.resolve("ragged.txt");
        Files.writeString(ragged, "a 1 2\nb 1\n");
        assertOneLineError(run("embed", "nearest", "a", "--vectors", ragged.toString()), "line 2");
    }

    @Test
    void tfidfSearchRanksDocuments(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("docs.txt");
        Files.writeString(corpus, """
                The cat sat on the mat.
                Dogs bark at night.

                A cat and a dog became friends.
                Stock markets fell sharply today.
                """);
        CommandRun r = run("embed", "tfidf-search", "--data", corpus.toString(), "-k", "3", "cats and the CAT");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> hits = r.json();
        // "cats" is not "cat" without stemming; both cat documents match, the markets line does not
        assertEquals(List.of(1, 3), hits.stream().map(h -> h.get("line").asInt()).toList());
        assertTrue(hits.get(0).get("score").asDouble() >= hits.get(1).get("score").asDouble());
        assertEquals("The cat sat on the mat.", hits.get(0).get("text").asText());

        CommandRun stemmed = run("embed", "tfidf-search", "--data", corpus.toString(), "--stem", "porter", "--ngrams", "2", "dog");
        assertEquals(0, stemmed.code(), stemmed.err());
        assertEquals(List.of(2, 3), stemmed.json().stream().map(h -> h.get("line").asInt()).sorted().toList());
    }

    @Test
    @Timeout(120)
    void word2vecWritesVectorsThatNearestCanRead(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        String[] animals = {"cat", "dog", "horse"};
        String[] days = {"monday", "friday", "sunday"};
        for (int i = 0; i < 600; i++) {
            text.append("the ").append(animals[i % 3]).append(" runs in the yard\n");
            text.append("we meet on ").append(days[(i / 3) % 3]).append(" morning\n");
        }
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, text);
        Path out = dir.resolve("model");
        CommandRun train = run("embed", "word2vec", "--data", corpus.toString(), "--arch", "skipgram", "--dim", "16",
                "--window", "2", "--min-count", "1", "--epochs", "3", "--sampling", "0", "--out", out.toString());
        assertEquals(0, train.code(), train.err());
        assertEquals(1200, train.json().get(0).get("sentences").asInt());
        assertTrue(Files.isRegularFile(out.resolve("vectors.txt")));
        assertEquals("SKIPGRAM", Json.MAPPER.readTree(out.resolve("word2vec.json").toFile())
                .get("settings").get("architecture").asText());

        CommandRun nearest = run("embed", "nearest", "monday", "--vectors", out.toString(), "-k", "2");
        assertEquals(0, nearest.code(), nearest.err());
        List<String> words = new ArrayList<>();
        nearest.json().get(0).get("neighbours").forEach(n -> words.add(n.get("word").asText()));
        assertEquals(List.of("friday", "sunday"), words.stream().sorted().toList());
    }

    @Test
    void helpDescribesEveryOptionAndParameter() {
        CommandLine embed = new CommandLine(new SeqlabMain()).getSubcommands().get("embed");
        assertEquals(List.of("word2vec", "nearest", "analogy", "tfidf-search"),
                List.copyOf(embed.getSubcommands().keySet()));
        for (CommandLine sub : embed.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            CommandRun help = run("embed", spec.name(), "--help");
            assertEquals(0, help.code());
            for (OptionSpec option : spec.options()) {
                String description = String.join(" ", option.description());
                assertFalse(description.isBlank(), spec.name() + " " + option.longestName() + " has no description");
                // negatable options are shown as --[no-]name
                String name = option.longestName().replaceFirst("^--?", "");
                assertTrue(help.out().contains(name), spec.name() + " help lacks " + option.longestName());
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                assertFalse(String.join(" ", p.description()).isBlank(), spec.name() + " " + p.paramLabel() + " has no description");
            }
        }
    }
}
