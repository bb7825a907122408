package org.seqlab.common.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;

/**
 * How raw text becomes tokens. Apps store this record in their model bundle (JSON) and apply the same
 * settings at prediction time, so training and serving never disagree.
 *
 * <p>Order of steps: NFKC normalisation of the whole text, tokenisation, lower-casing, stopword
 * removal, stemming, then truncation to {@code maxLength} tokens.
 *
 * @param tokenizer which tokenizer splits the text
 * @param lowercase lower-case every token (locale-independent)
 * @param nfkc      apply Unicode NFKC normalisation before tokenising (full-width letters, ligatures, ...)
 * @param stemming  optional stemmer
 * @param stopwords drop tokens on SeqLab's English stopword list ({@link Stopwords})
 * @param maxLength keep at most this many tokens (0 = no limit)
 */
public record TextPipeline(TokenizerKind tokenizer, boolean lowercase, boolean nfkc, Stemming stemming,
                           boolean stopwords, int maxLength) {

    public TextPipeline {
        if (tokenizer == null) {
            throw new BadInputException("text pipeline: tokenizer is missing");
        }
        if (stemming == null) {
            stemming = Stemming.NONE;
        }
        if (maxLength < 0) {
            throw new BadInputException("text pipeline: maxLength must not be negative, got " + maxLength);
        }
    }

    /** Word-level defaults: OpenNLP tokens, lower case, NFKC, no stemming, stopwords kept, no limit. */
    public static TextPipeline words() {
        return new TextPipeline(TokenizerKind.OPENNLP, true, true, Stemming.NONE, false, 0);
    }

    /** Character-level defaults: code points as they are (NFKC only). */
    public static TextPipeline characters() {
        return new TextPipeline(TokenizerKind.CHAR, false, true, Stemming.NONE, false, 0);
    }

    public TextPipeline withTokenizer(TokenizerKind kind) {
        return new TextPipeline(kind, lowercase, nfkc, stemming, stopwords, maxLength);
    }

    public TextPipeline withStemming(Stemming value) {
        return new TextPipeline(tokenizer, lowercase, nfkc, value, stopwords, maxLength);
    }

    public TextPipeline withMaxLength(int tokens) {
        return new TextPipeline(tokenizer, lowercase, nfkc, stemming, stopwords, tokens);
    }

    /** The tokens of {@code text} after every configured step. */
    public List<String> apply(String text) {
        return apply(text, maxLength);
    }

    /**
     * The first {@code limit} tokens of {@code text} (0: all) after every configured step. Only as much of the
     * text as those tokens need is normalised and tokenised: a prefix that ends at whitespace (no tokenizer here
     * makes a token across whitespace, so its tokens are the first tokens of the whole), widened while it gives
     * too few. A megabyte-long text thus costs about what its first {@code limit} tokens cost.
     */
    public List<String> apply(String text, int limit) {
        if (limit <= 0) {
            return tokens(text, 0);
        }
        for (long window = Math.max(1024L, 32L * limit); ; window *= 4) {
            int end = prefixEnd(text, window);
            List<String> out = tokens(text.substring(0, end), limit);
            if (out.size() >= limit || end == text.length()) {
                return out;
            }
        }
    }

    /** The end of a prefix of at most {@code window} characters cut at whitespace (or anywhere, in one huge "word"). */
    static int prefixEnd(String text, long window) {
        if (text.length() <= window) {
            return text.length();
        }
        int end = (int) window;
        for (int i = end; i > 0; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end;
    }

    private List<String> tokens(String text, int limit) {
        String normalised = nfkc ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
        List<String> out = new ArrayList<>();
        for (String token : tokenizer.tokenizer().tokenize(normalised)) {
            String t = lowercase ? token.toLowerCase(Locale.ROOT) : token;
            if (stopwords && Stopwords.isStopword(t)) {
                continue;
            }
            out.add(stemming.stem(t));
            if (limit > 0 && out.size() == limit) {
                break;
            }
        }
        return out;
    }

    public String toJson() {
        return Json.write(this);
    }

    public static TextPipeline fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, TextPipeline.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException("not a text pipeline: " + e.getOriginalMessage(), e);
        }
    }

    public void save(Path file) throws IOException {
        Json.writeFile(file, this);
    }

    public static TextPipeline load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return fromJson(Files.readString(file));
    }
}
