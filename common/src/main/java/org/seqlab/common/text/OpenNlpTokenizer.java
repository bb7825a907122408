package org.seqlab.common.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import opennlp.tools.sentdetect.SentenceModel;
import opennlp.tools.sentdetect.ThreadSafeSentenceDetectorME;
import opennlp.tools.tokenize.ThreadSafeTokenizerME;
import opennlp.tools.tokenize.TokenizerModel;

/**
 * Apache OpenNLP's learned tokenizer with the pretrained English models from Maven Central
 * ({@code opennlp-models-tokenizer-en}, {@code opennlp-models-sentdetect-en}, trained on UD English
 * EWT). Models load once, on first use; OpenNLP's thread-safe wrappers keep one decoder per thread.
 */
public final class OpenNlpTokenizer implements Tokenizer {
    static final String TOKEN_MODEL = "/opennlp-en-ud-ewt-tokens-1.3-2.5.4.bin";
    static final String SENTENCE_MODEL = "/opennlp-en-ud-ewt-sentence-1.3-2.5.4.bin";

    private final ThreadSafeTokenizerME tokenizer;
    private final ThreadSafeSentenceDetectorME sentences;

    private OpenNlpTokenizer(TokenizerModel tokens, SentenceModel sentences) {
        this.tokenizer = new ThreadSafeTokenizerME(tokens);
        this.sentences = new ThreadSafeSentenceDetectorME(sentences);
    }

    /** The shared English tokenizer (lazy holder: loaded on first call, exactly once). */
    public static OpenNlpTokenizer english() {
        return Holder.ENGLISH;
    }

    @Override
    public List<String> tokenize(String text) {
        return Arrays.asList(tokenizer.tokenize(text));
    }

    /** Splits {@code text} into sentences with the pretrained sentence detector. */
    public List<String> sentences(String text) {
        return Arrays.asList(sentences.sentDetect(text));
    }

    private static final class Holder {
        static final OpenNlpTokenizer ENGLISH = load();

        private static OpenNlpTokenizer load() {
            try (InputStream t = resource(TOKEN_MODEL); InputStream s = resource(SENTENCE_MODEL)) {
                return new OpenNlpTokenizer(new TokenizerModel(t), new SentenceModel(s));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the OpenNLP English models", e);
            }
        }

        private static InputStream resource(String name) {
            InputStream in = OpenNlpTokenizer.class.getResourceAsStream(name);
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + name + " is not on the classpath "
                        + "(org.apache.opennlp:opennlp-models-{tokenizer,sentdetect}-en:1.3.0)");
            }
            return in;
        }
    }
}
