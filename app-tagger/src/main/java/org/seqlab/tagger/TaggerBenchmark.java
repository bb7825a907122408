package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.TaggedSentence;

/**
 * The tagger's training shape in {@code seqlab bench}: the default network (word embedding 100 over 25,000 trained
 * words plus frozen vectors of 320,000 pretrained words as an input, character CNN 25 -> 50, case embedding, BiLSTM
 * 128, 12 tags)
 * on batches of 32 sentences of 25 tokens (Brown's mean is 20), words of 3-10 letters.
 */
public final class TaggerBenchmark implements AppBenchmark {
    static final int BATCH = 32;
    static final int TOKENS = 25;
    static final int TRAINED_WORDS = 25_000;
    static final int PRETRAINED_WORDS = 320_000;
    static final int TAGS = 12;

    @Override
    public String app() {
        return "tagger";
    }

    @Override
    public String shape() {
        return "word emb 100 (25k trained + 320k frozen words) + char CNN 25->50 + case 4, BiLSTM 128, CRF over 12 tags, batch 32 x 25 tokens";
    }

    static TaggerSettings defaultSettings() {
        return new TaggerSettings(CellType.LSTM, 128, 1, true, 0.25, "random", 100, 1, PRETRAINED_WORDS, 25, 50, 16, true,
                true, true, TaggerSettings.CharEncoder.CNN);
    }

    @Override
    public Measurement measure(int warmup, int iters) {
        return measure(defaultSettings(), TRAINED_WORDS, PRETRAINED_WORDS, warmup, iters);
    }

    /** Times training steps of {@code settings} on synthetic sentences (also used to compare variants). */
    static Measurement measure(TaggerSettings settings, int trained, int pretrained, int warmup, int iters) {
        int vocabulary = trained + pretrained;
        SplittableRandom random = new SplittableRandom(1);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < vocabulary; i++) {
            StringBuilder w = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words.add(i % 7 == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w.toString());
        }
        List<String> tags = new ArrayList<>();
        for (int t = 0; t < TAGS; t++) {
            tags.add("T" + t);
        }
        List<TaggedSentence> sentences = new ArrayList<>();
        for (int s = 0; s < BATCH * 4; s++) {
            List<String> w = new ArrayList<>();
            List<String> t = new ArrayList<>();
            for (int i = 0; i < TOKENS; i++) {
                w.add(words.get(random.nextInt(vocabulary)));
                t.add(tags.get(random.nextInt(TAGS)));
            }
            sentences.add(new TaggedSentence(w, t));
        }
        // the first words are the training vocabulary, the others pretrained words beyond it
        TaggedSentence corpus = new TaggedSentence(words.subList(0, trained), java.util.Collections.nCopies(trained, "T0"));
        List<float[]> vectors = new ArrayList<>();
        for (int i = trained; i < vocabulary; i++) {
            float[] v = new float[settings.embeddingDim()];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian() * 0.4f;
            }
            vectors.add(v);
        }
        TaggerEncoder fitted = TaggerEncoder.fit(List.of(corpus), settings,
                pretrained == 0 ? null : WordVectors.of(words.subList(trained, vocabulary), vectors));
        TaggerEncoder encoder = new TaggerEncoder(settings, fitted.words(), fitted.pretrained(), fitted.characters(), tags,
                fitted.trainingWords());
        ComputationGraph net = TaggerNetwork.build(encoder, new TrainSettings(1, BATCH, 1, 2e-3, 1.0, 0, 5.0, 0, 0));
        List<MultiDataSet> batches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            batches.add(encoder.batch(sentences.subList(b * BATCH, (b + 1) * BATCH)));
        }
        return Measurement.time(i -> net.fit(batches.get(i % batches.size())), warmup, iters, BATCH * TOKENS);
    }

    @Override
    public String torchScript() {
        return "/peers/torch_tagger.py";
    }

    /** Compares the cost of the network's parts: {@code java -cp ... org.seqlab.tagger.TaggerBenchmark}. */
    public static void main(String[] args) {
        TaggerSettings d = defaultSettings();
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        System.out.println("default (25k trained + 320k frozen words): " + measure(d, TRAINED_WORDS, PRETRAINED_WORDS, 3, iters));
        System.out.println("no frozen words: " + measure(d, TRAINED_WORDS, 0, 3, iters));
        TaggerSettings noChars = new TaggerSettings(d.cell(), d.hidden(), d.layers(), d.bidirectional(), d.dropout(),
                d.embeddings(), d.embeddingDim(), d.minCount(), d.pretrainedWords(), 0, d.charFilters(), d.maxWordChars(),
                d.caseFeature(), d.crf(), d.hyphenBackoff(), d.charEncoder());
        System.out.println("no character CNN: " + measure(noChars, TRAINED_WORDS, PRETRAINED_WORDS, 3, iters));
        TaggerSettings charBiLstm = new TaggerSettings(d.cell(), d.hidden(), d.layers(), d.bidirectional(), d.dropout(),
                d.embeddings(), d.embeddingDim(), d.minCount(), d.pretrainedWords(), d.charDim(), d.charFilters(),
                d.maxWordChars(), d.caseFeature(), d.crf(), d.hyphenBackoff(), TaggerSettings.CharEncoder.BILSTM);
        System.out.println("character BiLSTM: " + measure(charBiLstm, TRAINED_WORDS, PRETRAINED_WORDS, 3, iters));
        TaggerSettings otherOutput = new TaggerSettings(d.cell(), d.hidden(), d.layers(), d.bidirectional(), d.dropout(),
                d.embeddings(), d.embeddingDim(), d.minCount(), d.pretrainedWords(), d.charDim(), d.charFilters(),
                d.maxWordChars(), d.caseFeature(), !d.crf(), d.hyphenBackoff(), d.charEncoder());
        System.out.println((d.crf() ? "softmax" : "CRF") + " output: "
                + measure(otherOutput, TRAINED_WORDS, PRETRAINED_WORDS, 3, iters));
    }
}
