package org.seqlab.translation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.text.Vocabulary;

/**
 * Keeps a beam search from writing the same word twice in a row ("the same kind kind", "pointer pointer"): the
 * stutter of an attention decoder that attends to one source word for two steps, and the error users notice first.
 * A row whose text ends in a word written twice gets no continuation, so it drops out of the beam and the other
 * hypotheses go on (unless every row stutters: then nothing is ruled out, so that the search always ends with an
 * answer; in a batch of sources, every row of the same source). Ruling out only the next word's start made the model glue letters onto the copy ("standardf").
 * Words without letters (placeholders such as {@code %s %s}, numbers) may repeat, and so may the words that the
 * training targets repeat themselves ({@link #repeatedIn}: "had had", or a toy task's "ka ka"). Decorates the search's
 * {@link StepModel}, tracking each row's tokens through {@link #step} and {@link #select}.
 */
final class RepeatedWordGuard implements StepModel {
    /**
     * The last two words of a text, separated by spaces only, the second at the text's end; neither part of a
     * placeholder ({@code %s}, {@code %qT}), the first with a letter.
     */
    private static final Pattern TWICE = Pattern.compile("(?U)(?:^|[^\\w%])(\\w*\\p{L}\\w*)\\s+(\\w+)$");

    /** A word with a letter, spaces, and the next word (looked at, not consumed, so that "ka ka ka" gives two pairs). */
    private static final Pattern REPEAT = Pattern.compile("(?U)(?<![\\w%])(\\w*\\p{L}\\w*)\\s+(?=(\\w+)(?!\\w))");

    private final StepModel model;
    private final SubwordCodec target;
    private final Set<String> repeatable;
    private List<List<Integer>> rows = new ArrayList<>();
    /** The source each row decodes: a search starts with one row per source (BeamSearch, Decoders). */
    private int[] rowSources = new int[0];

    /** @param repeatable words (lower case) that may follow themselves */
    RepeatedWordGuard(StepModel model, SubwordCodec target, Set<String> repeatable) {
        this.model = model;
        this.target = target;
        this.repeatable = repeatable;
    }

    /** The words (lower case) that follow themselves somewhere in the texts. */
    static Set<String> repeatedIn(List<String> texts) {
        Set<String> out = new TreeSet<>();
        for (String text : texts) {
            Matcher m = REPEAT.matcher(text);
            while (m.find()) {
                if (m.group(1).equalsIgnoreCase(m.group(2))) {
                    out.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    @Override
    public int vocabularySize() {
        return model.vocabularySize();
    }

    @Override
    public void start(int count) {
        model.start(count);
        rows = new ArrayList<>();
        rowSources = new int[count];
        for (int r = 0; r < count; r++) {
            rows.add(new ArrayList<>());
            rowSources[r] = r;
        }
    }

    @Override
    public float[][] step(int[] tokens) {
        float[][] logProbs = model.step(tokens);
        boolean[] stutters = new boolean[tokens.length];
        Map<Integer, Integer> fluentRows = new HashMap<>();
        for (int r = 0; r < tokens.length; r++) {
            if (tokens[r] != Vocabulary.BOS_ID) {
                rows.get(r).add(tokens[r]);
            }
            stutters[r] = endsInRepeatedWord(rows.get(r));
            fluentRows.merge(rowSources[r], stutters[r] ? 0 : 1, Integer::sum);
        }
        for (int r = 0; r < tokens.length; r++) {
            if (stutters[r] && fluentRows.get(rowSources[r]) > 0) {
                Arrays.fill(logProbs[r], Float.NEGATIVE_INFINITY);
            }
        }
        return logProbs;
    }

    @Override
    public void select(int[] selected) {
        model.select(selected);
        List<List<Integer>> kept = new ArrayList<>(selected.length);
        int[] keptSources = new int[selected.length];
        for (int i = 0; i < selected.length; i++) {
            kept.add(new ArrayList<>(rows.get(selected[i])));
            keptSources[i] = rowSources[selected[i]];
        }
        rows = kept;
        rowSources = keptSources;
    }

    boolean endsInRepeatedWord(List<Integer> tokens) {
        if (tokens.size() < 2) {
            return false;
        }
        Matcher m = TWICE.matcher(target.decode(tokens));
        return m.find() && m.group(1).equalsIgnoreCase(m.group(2))
                && !repeatable.contains(m.group(2).toLowerCase(Locale.ROOT));
    }
}
