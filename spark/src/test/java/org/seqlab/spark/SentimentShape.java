package org.seqlab.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.Pooling;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.TrainingConfigs;
import org.seqlab.common.text.SequenceBatch;
import org.seqlab.common.text.SequenceEncoder;
import org.seqlab.common.text.TextPipeline;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.Splits;

/**
 * The sentiment app's training shape built from common's pieces (the app itself is not a dependency of
 * this module): uci-sentences, word tokens, a trainable embedding, the fused LSTM, max pooling over the
 * unmasked steps, softmax; length-bucketed batches; accuracy on the validation part picks the best epoch.
 */
final class SentimentShape {
    final List<LabeledIds> train;
    final List<LabeledIds> validation;
    final int vocabularySize;
    final double majority;

    record LabeledIds(int[] ids, int label) {
    }

    /** The run's outcome: best validation accuracy, and the history with per-epoch times. */
    record Outcome(double accuracy, TrainingResult<?> result) {
    }

    private SentimentShape(List<LabeledIds> train, List<LabeledIds> validation, int vocabularySize) {
        this.train = train;
        this.validation = validation;
        this.vocabularySize = vocabularySize;
        long ones = validation.stream().filter(e -> e.label() == 1).count();
        this.majority = Math.max(ones, validation.size() - ones) / (double) validation.size();
    }

    /** The first {@code trainLimit} training sentences of the default stratified 80/10/10 split. */
    static SentimentShape load(int trainLimit) {
        List<LabeledText> all = Datasets.labeledTexts("uci-sentences", null);
        Split<LabeledText> split = Splits.stratified(all, LabeledText::label, 0.8, 0.1, 42);
        TextPipeline pipeline = TextPipeline.words();
        List<LabeledText> trainTexts = split.train().subList(0, Math.min(trainLimit, split.train().size()));
        List<List<String>> tokens = new ArrayList<>();
        trainTexts.forEach(e -> tokens.add(pipeline.apply(e.text())));
        Vocabulary vocabulary = Vocabulary.build(tokens, 1, 20_000);
        return new SentimentShape(encode(trainTexts, pipeline, vocabulary), encode(split.validation(), pipeline, vocabulary),
                vocabulary.size());
    }

    private static List<LabeledIds> encode(List<LabeledText> texts, TextPipeline pipeline, Vocabulary vocabulary) {
        List<LabeledIds> out = new ArrayList<>();
        for (LabeledText e : texts) {
            int[] ids = vocabulary.encode(pipeline.apply(e.text()), false);
            out.add(new LabeledIds(ids.length == 0 ? new int[] {Vocabulary.UNK_ID} : ids, "1".equals(e.label()) ? 1 : 0));
        }
        return out;
    }

    MultiLayerNetwork network(TrainSettings settings, int embedding, int hidden) {
        NeuralNetConfiguration.ListBuilder list = TrainingConfigs.builder(settings).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(vocabularySize).nOut(embedding)
                        .inferInputLength(true).hasBias(false).build());
        RecurrentStack.Spec spec = new RecurrentStack.Spec(CellType.LSTM, hidden, 1, 0, false, Bidirectional.Mode.CONCAT);
        RecurrentStack.manyToOne(spec, embedding, Pooling.MAX).forEach(list::layer);
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(2)
                .activation(Activation.SOFTMAX).build());
        TrainingConfigs.apply(list, settings);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    static MultiDataSet batch(List<LabeledIds> examples) {
        List<int[]> ids = new ArrayList<>(examples.size());
        examples.forEach(e -> ids.add(e.ids()));
        SequenceBatch seq = SequenceEncoder.indices(ids, 0);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, examples.size(), 2);
        for (int i = 0; i < examples.size(); i++) {
            labels.putScalar(i, examples.get(i).label(), 1f);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {seq.features()}, new INDArray[] {labels},
                new INDArray[] {seq.mask()}, null);
    }

    double accuracy(MultiLayerNetwork net, List<LabeledIds> examples) {
        int correct = 0;
        for (int from = 0; from < examples.size(); from += 64) {
            List<LabeledIds> part = examples.subList(from, Math.min(examples.size(), from + 64));
            MultiDataSet batch = batch(part);
            INDArray predicted = net.output(batch.getFeatures(0), false, batch.getFeaturesMaskArray(0), null).argMax(1);
            for (int i = 0; i < part.size(); i++) {
                correct += predicted.getInt(i) == part.get(i).label() ? 1 : 0;
            }
        }
        return correct / (double) examples.size();
    }

    ShuffledBatches<LabeledIds> batches(int batch, long seed) {
        return new ShuffledBatches<>(train, batch, seed, SentimentShape::batch, e -> e.ids().length)
                .bucketed(e -> e.ids().length);
    }

    /** Trains with the trainer (checkpoints in {@code dir}) where {@code scaleOut} says. */
    Outcome train(TrainSettings settings, ScaleOutSettings scaleOut, Path dir, boolean resume, int hidden)
            throws IOException {
        MultiLayerNetwork net = network(settings, 32, hidden);
        TrainerConfig config = new TrainerConfig(settings.epochs(), settings.patience(), "accuracy", true, dir, resume,
                "sentiment-shape " + settings + " " + hidden);
        TrainingResult<?> result = new Trainer(config, scaleOut).train(Trainables.of(net),
                batches(settings.batch(), settings.seed()),
                model -> Map.of("accuracy", accuracy((MultiLayerNetwork) model.network(), validation)));
        return new Outcome(accuracy((MultiLayerNetwork) result.best().network(), validation), result);
    }

    static TrainSettings settings(int epochs, int batch) {
        return new TrainSettings(epochs, batch, 42, 3e-3, 1.0, 0, 5.0, 0, 0);
    }
}
