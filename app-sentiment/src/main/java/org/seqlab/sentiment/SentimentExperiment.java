package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.io.Json;
import org.seqlab.common.rnn.StepThreads;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.common.train.Validator;
import org.seqlab.datasets.LabeledText;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.sentiment.baseline.Baselines;

/** Trains and evaluates one sentiment model (and the baselines) on one train/validation/test split. */
final class SentimentExperiment {
    private SentimentExperiment() {
    }

    /** The data of one run. */
    record Data(List<LabeledText> train, List<LabeledText> validation, List<LabeledText> test, SplitInfo split,
                String name) {
    }

    /** What one run produced. */
    record Outcome(String name, SentimentClassifier model, TrainingResult<MultiLayerNetwork> training, Evaluation validation,
                   Evaluation test, List<Baselines.Result> baselines, SplitInfo split, double embeddingCoverage) {
    }

    record LabeledIds(int[] ids, int label) {
    }

    static Outcome run(Data data, List<String> labels, SentimentSettings settings, TrainSettings training,
                       Path checkpointDir, boolean resume, ScaleOutSettings scaleOut, double budgetSeconds,
                       EmbeddingSource embeddings) throws IOException {
        List<List<String>> trainTokens = new ArrayList<>(data.train().size());
        // the vocabulary and the baselines read what the model reads: the first --max-length tokens of a text
        data.train().forEach(e -> trainTokens.add(settings.pipeline().apply(e.text(), settings.maxLength())));
        Vocabulary vocabulary = embeddings.vocabulary(
                Vocabulary.build(trainTokens, settings.minCount(), settings.maxVocabulary()), settings.pretrainedWords());
        EmbeddingSource.Initial initial = embeddings.initial(vocabulary, trainTokens, settings.embeddingDim(), training.seed());
        INDArray weights = initial == null ? null : initial.weights();
        StepThreads.enableFor(settings.cell());
        MultiLayerNetwork network = SentimentNetwork.build(settings, vocabulary.size(), labels.size(), training, weights);
        SentimentClassifier untrained = new SentimentClassifier(network, vocabulary, settings, labels);

        List<LabeledIds> examples = new ArrayList<>(data.train().size());
        for (LabeledText e : data.train()) {
            examples.add(new LabeledIds(untrained.encode(e.text()).ids(), labels.indexOf(e.label())));
        }
        ShuffledBatches<LabeledIds> batches = new ShuffledBatches<>(examples, training.batch(), training.seed(),
                batch -> batch(batch, labels.size()), e -> e.ids().length).bucketed(e -> e.ids().length);
        Validator<MultiLayerNetwork> validator = model -> {
            SentimentClassifier current = new SentimentClassifier(model.network(), vocabulary,
                    settings, labels);
            // one forward pass gives both numbers
            Evaluation evaluation = Evaluation.of(current, data.validation());
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("accuracy", evaluation.metrics().accuracy());
            values.put("loss", evaluation.crossEntropy());
            return values;
        };
        TrainerConfig config = new TrainerConfig(training.epochs(), training.patience(), "accuracy", true, checkpointDir,
                resume, fingerprint(data, settings, training), budgetSeconds);
        Trainer trainer = new Trainer(config, scaleOut);
        TrainingResult<MultiLayerNetwork> result = trainer.train(Trainables.of(network), batches, validator);
        SentimentClassifier best = new SentimentClassifier(result.best().network(), vocabulary,
                settings, labels);
        Evaluation validation = Evaluation.of(best, data.validation());
        Evaluation test = Evaluation.of(best, data.test());

        List<List<String>> testTokens = new ArrayList<>(data.test().size());
        data.test().forEach(e -> testTokens.add(settings.pipeline().apply(e.text(), settings.maxLength())));
        List<Baselines.Result> baselines = Baselines.run(trainTokens, labelIndices(data.train(), labels), testTokens,
                labelIndices(data.test(), labels), labels, training.seed());
        return new Outcome(data.name(), best, result, validation, test, baselines, data.split(),
                initial == null ? Double.NaN : initial.coverage());
    }

    static MultiDataSet batch(List<LabeledIds> examples, int classes) {
        List<int[]> ids = new ArrayList<>(examples.size());
        int[] labels = new int[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            ids.add(examples.get(i).ids());
            labels[i] = examples.get(i).label();
        }
        return SentimentClassifier.batch(ids, labels, classes);
    }

    static int[] labelIndices(List<LabeledText> examples, List<String> labels) {
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels.indexOf(examples.get(i).label());
        }
        return out;
    }

    /** A checkpoint may only be resumed by a run with the same data, split and settings. */
    private static String fingerprint(Data data, SentimentSettings settings, TrainSettings training) {
        return Json.line(List.of(data.name(), data.split(), settings, training));
    }
}
