package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.embed.EmbeddingInitializer;
import org.seqlab.common.embed.Word2VecSettings;
import org.seqlab.common.embed.Word2VecTrainer;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.datasets.Datasets;

/** Resolves {@code --embeddings random|word2vec|glove-100d|PATH} to a source of starting weights. */
final class SentimentEmbeddings {
    static final String GLOVE = "glove-100d";

    private SentimentEmbeddings() {
    }

    static EmbeddingSource source(String spec) {
        return switch (spec) {
            case "random" -> EmbeddingSource.RANDOM;
            case "word2vec" -> new TrainedOnTrainingText();
            case GLOVE -> new Pretrained(() -> Datasets.fetch(GLOVE).resolve("vectors.txt"));
            default -> {
                Path file = Path.of(spec);
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException("--embeddings must be random, word2vec, " + GLOVE
                            + " or a GloVe/word2vec text file; no file at " + spec);
                }
                yield new Pretrained(() -> file);
            }
        };
    }

    /** Vectors from a file, read once and reused by every run of the command. */
    private static final class Pretrained implements EmbeddingSource {
        private final java.util.function.Supplier<Path> file;
        private WordVectors vectors;

        Pretrained(java.util.function.Supplier<Path> file) {
            this.file = file;
        }

        private WordVectors vectors() throws IOException {
            if (vectors == null) {
                Path path = file.get();
                System.err.println("loading word vectors from " + path);
                vectors = WordVectors.readText(path);
            }
            return vectors;
        }

        @Override
        public int dim(int requested) throws IOException {
            return vectors().dim();
        }

        @Override
        public Vocabulary vocabulary(Vocabulary fromTraining, int extraWords) throws IOException {
            List<String> words = vectors().words();
            return fromTraining.withTokens(words.subList(0, Math.min(extraWords, words.size())));
        }

        @Override
        public Initial initial(Vocabulary vocabulary, List<List<String>> trainTokens, int dim, long seed)
                throws IOException {
            EmbeddingInitializer.Result r = EmbeddingInitializer.weights(vocabulary, vectors(), seed);
            // coverage of the words seen in training (count > 0): the added pretrained words all have vectors
            int seen = 0;
            int covered = 0;
            for (int id = Vocabulary.SPECIALS.size(); id < vocabulary.size(); id++) {
                if (vocabulary.count(id) > 0) {
                    seen++;
                    covered += EmbeddingInitializer.pretrainedKey(vectors(), vocabulary.token(id)) != null ? 1 : 0;
                }
            }
            return new Initial(r.weights(), seen == 0 ? 0 : (double) covered / seen);
        }
    }

    /** Skip-gram Word2Vec trained on the run's own training texts (no outside data). */
    private static final class TrainedOnTrainingText implements EmbeddingSource {
        @Override
        public int dim(int requested) {
            return requested;
        }

        @Override
        public Initial initial(Vocabulary vocabulary, List<List<String>> trainTokens, int dim, long seed) {
            Word2VecSettings settings = new Word2VecSettings(Word2VecSettings.Architecture.SKIPGRAM, dim, 5, 1, 10, 5,
                    false, 0.025, 1e-3, seed, 1);
            WordVectors vectors = Word2VecTrainer.train(trainTokens, settings);
            EmbeddingInitializer.Result r = EmbeddingInitializer.weights(vocabulary, vectors, seed);
            return new Initial(r.weights(), r.coverage());
        }
    }
}
