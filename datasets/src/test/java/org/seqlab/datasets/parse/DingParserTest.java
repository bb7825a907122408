package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.seqlab.datasets.parse.Malformed.assertBad;
import static org.seqlab.datasets.parse.Malformed.write;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.TextPair;

class DingParserTest {
    @TempDir
    Path dir;

    @Test
    void splitsAlignedSubEntriesAndAlternativesAndFilters() throws IOException {
        Path f = write(dir, "de-en", "# Version :: devel\n"
                + "Aal {m} | Er ist glatt wie ein Aal. :: eel | He is as slippery as an eel.\n"
                + "Ich komme. ; Ich bin gleich da. :: I am coming now. ; I will be there soon.\n"
                + "mismatched | Das ist gut. :: Nope.\n"
                + "etw. tun | Das ist zu kurz. :: to do sth. | Too short.\n"
                + "Er tut etw. für jdn. :: He does something for sb.\n"
                + "Das ist gut. :: That is really good!\n"
                + "Das ist gut. :: That is really good!\n");
        List<TextPair> pairs = DingParser.parse(f);
        assertEquals(List.of(new TextPair("Er ist glatt wie ein Aal.", "He is as slippery as an eel."),
                new TextPair("Ich komme.", "I am coming now."),
                new TextPair("Ich bin gleich da.", "I will be there soon."),
                new TextPair("Das ist gut.", "That is really good!")), pairs);
    }

    @Test
    void everyOtherAlignedPairIsADictionaryEntryWithoutItsLabels() throws IOException {
        Path f = write(dir, "de-en", "# Version :: devel\n"
                + "Aal {m} | Aale {pl} | Er ist glatt wie ein Aal. :: eel | eels | He is as slippery as an eel.\n"
                + "etw. ausblenden {vt} (nicht mehr anzeigen) [comp.] :: to hide {hid; hidden} sth.\n"
                + "Geschäftsführer {m} <GF> ; Manager {m} :: managing director [Br.] ; manager\n"
                + "Er ist glatt wie ein Aal. :: slippery as an eel\n"
                + "ein sehr langer Ausdruck mit mehr als sechs Wörtern :: a phrase\n"
                + "mismatched | Wort :: word\n"
                + "{m} :: [Br.]\n");
        DingParser.Entries entries = DingParser.entries(f);
        assertEquals(List.of(new TextPair("Er ist glatt wie ein Aal.", "He is as slippery as an eel.")), entries.sentences());
        // the second reading of a sentence's German is no entry: a held-out sentence must never be trained on
        assertEquals(List.of(new TextPair("Aal", "eel"), new TextPair("Aale", "eels"),
                new TextPair("etw. ausblenden", "to hide sth."), new TextPair("Geschäftsführer", "managing director"),
                new TextPair("Manager", "manager")), entries.dictionary());
    }

    @Test
    void sentenceFilter() {
        assertTrue(DingParser.isSentence("Is this a question?"));
        assertFalse(DingParser.isSentence("Too short."));
        assertFalse(DingParser.isSentence("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen."));
        assertFalse(DingParser.isSentence("No final punctuation here"));
        assertFalse(DingParser.isSentence("to be very fond of sth."));
    }

    @Test
    void malformed() throws IOException {
        Path empty = write(dir, "empty", "");
        assertBad(() -> DingParser.parse(empty), empty, "no sentence pairs");
        Path noSeparator = write(dir, "nosep", "# c\nAal {m} eel\n");
        assertBad(() -> DingParser.parse(noSeparator), noSeparator, ":2:", "::");
        Path latin = Malformed.latin1(dir, "latin", "# c", "Caf");
        assertBad(() -> DingParser.parse(latin), latin, ":2:", "UTF-8");
        Path big = Malformed.hugeLine(dir, "big", "# c", "Wort ");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertBad(() -> DingParser.parse(big), big, ":2:", "longer than"));
    }
}
