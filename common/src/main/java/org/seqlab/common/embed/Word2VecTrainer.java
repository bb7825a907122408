package org.seqlab.common.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.deeplearning4j.models.embeddings.learning.impl.elements.CBOW;
import org.deeplearning4j.models.embeddings.learning.impl.elements.SkipGram;
import org.deeplearning4j.models.sequencevectors.iterators.AbstractSequenceIterator;
import org.deeplearning4j.models.sequencevectors.sequence.Sequence;
import org.deeplearning4j.models.word2vec.VocabWord;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.models.word2vec.wordstore.VocabCache;
import org.seqlab.common.error.BadInputException;

/**
 * Trains Word2Vec (CBOW or skip-gram) with DL4J on sentences that a {@code TextPipeline} has already
 * tokenised. Feeding DL4J token sequences rather than strings keeps its own tokenizer factories out of
 * the way (they have hung on some inputs) and guarantees the same tokens as the rest of SeqLab.
 */
public final class Word2VecTrainer {
    private Word2VecTrainer() {
    }

    /** Trains on {@code sentences} (empty ones are skipped) and returns the learnt vectors. */
    public static WordVectors train(Iterable<? extends List<String>> sentences, Word2VecSettings s) {
        List<Sequence<VocabWord>> corpus = new ArrayList<>();
        for (List<String> tokens : sentences) {
            if (tokens.isEmpty()) {
                continue;
            }
            Sequence<VocabWord> seq = new Sequence<>();
            for (String t : tokens) {
                seq.addElement(new VocabWord(1.0, t));
            }
            corpus.add(seq);
        }
        if (corpus.isEmpty()) {
            throw new BadInputException("word2vec: the corpus has no tokens");
        }
        Word2Vec w2v = new Word2Vec.Builder()
                .iterate(new AbstractSequenceIterator.Builder<>(corpus).build())
                .elementsLearningAlgorithm(s.architecture() == Word2VecSettings.Architecture.CBOW
                        ? new CBOW<VocabWord>() : new SkipGram<VocabWord>())
                .layerSize(s.dim())
                .windowSize(s.window())
                .minWordFrequency(s.minCount())
                .epochs(s.epochs())
                .iterations(1)
                .batchSize(batchSize(s))
                .negativeSample(s.negative())
                .useHierarchicSoftmax(s.hierarchicalSoftmax())
                .learningRate(s.learningRate())
                .minLearningRate(s.learningRate() * 1e-4)
                .sampling(s.sampling())
                .seed(s.seed())
                .workers(s.workers())
                .allowParallelTokenization(false)
                .build();
        fit(w2v);
        VocabCache<VocabWord> vocab = w2v.getVocab();
        if (vocab.numWords() == 0) {
            throw new BadInputException("word2vec: no word occurs at least " + s.minCount() + " times (see --min-count)");
        }
        List<String> words = new ArrayList<>(vocab.numWords());
        List<float[]> vectors = new ArrayList<>(vocab.numWords());
        for (int i = 0; i < vocab.numWords(); i++) {
            String word = vocab.wordAtIndex(i);
            words.add(word);
            vectors.add(w2v.getWordVectorMatrix(word).toFloatVector());
        }
        return WordVectors.of(words, vectors);
    }

    /**
     * DL4J M2.1's batched native CBOW op rejects a configuration without hierarchical softmax (it then
     * receives no Huffman indices), so CBOW with negative sampling alone runs sentence by sentence:
     * correct, but several times slower.
     */
    static int batchSize(Word2VecSettings s) {
        return s.architecture() == Word2VecSettings.Architecture.CBOW && !s.hierarchicalSoftmax() ? 1 : 512;
    }

    /**
     * Runs {@code fit()} so that a failure cannot hang the caller. DL4J trains in its own threads; when one
     * dies, {@code fit()} waits forever for it to drain the input queue. Those threads are started from our
     * runner thread, so they belong to our thread group, which sees their uncaught exceptions.
     */
    private static void fit(Word2Vec w2v) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ThreadGroup group = new ThreadGroup("word2vec") {
            @Override
            public void uncaughtException(Thread t, Throwable e) {
                failure.compareAndSet(null, e);
                done.countDown();
            }
        };
        Thread runner = new Thread(group, () -> {
            try {
                w2v.fit();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.countDown();
            }
        }, "word2vec-fit");
        // if DL4J is stuck after a failure, this thread must not keep the JVM alive
        runner.setDaemon(true);
        runner.start();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training word2vec", e);
        }
        if (failure.get() != null) {
            Throwable root = failure.get();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalStateException("word2vec training failed: " + root.getMessage(), failure.get());
        }
    }
}
