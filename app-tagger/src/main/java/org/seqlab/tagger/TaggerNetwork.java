package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.CrfOutput;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.TrainingConfigs;
import org.seqlab.common.train.TrainSettings;

/**
 * The tagger's graph: a word embedding, a character CNN per word (max over each word's slot of characters:
 * {@link TaggerEncoder} lays the words' characters end to end, so one 1-d convolution and one pooling with
 * stride = slot give one vector per word) or a character BiLSTM ({@link CharacterSequences}), a case embedding,
 * concatenated, then a (bi)directional recurrent stack and a softmax per token or a CRF over the tag sequence. Every input has a mask; the pooling turns the
 * character mask into the word mask, so the recurrent stack and the loss see padding as padding.
 */
public final class TaggerNetwork {
    static final String WORDS = "words";
    static final String CHARS = "chars";
    static final String SHAPES = "shapes";
    static final String WORD_EMBEDDING = "wordEmbedding";
    static final String PRETRAINED = "pretrained";
    static final String OUTPUT = "tags";
    static final int SHAPE_DIM = 4;

    private TaggerNetwork() {
    }

    public static ComputationGraph build(TaggerEncoder encoder, TrainSettings train) {
        TaggerSettings s = encoder.settings();
        ComputationGraphConfiguration.GraphBuilder g = TrainingConfigs.builder(train).graphBuilder();
        TrainingConfigs.apply(g, train);
        List<String> inputs = new ArrayList<>(List.of(WORDS));
        List<String> merged = new ArrayList<>();
        int features = s.embeddingDim();
        g.addLayer(WORD_EMBEDDING, new EmbeddingSequenceLayer.Builder().nIn(encoder.words().size()).nOut(s.embeddingDim())
                .build(), WORDS);
        if (encoder.pretrained() != null) {
            // the frozen vectors are an input, not a (frozen) layer: a frozen layer's table of every GloVe word would
            // still be walked by every step's gradient clipping and update
            inputs.add(PRETRAINED);
            g.addVertex("wordVectors", new ElementWiseVertex(ElementWiseVertex.Op.Add), WORD_EMBEDDING, PRETRAINED);
            merged.add("wordVectors");
        } else {
            merged.add(WORD_EMBEDDING);
        }
        if (s.chars()) {
            inputs.add(CHARS);
            g.addLayer("charEmbedding", new EmbeddingSequenceLayer.Builder().nIn(encoder.characters().size())
                    .nOut(s.charDim()).build(), CHARS);
            if (s.charEncoder() == TaggerSettings.CharEncoder.BILSTM) {
                g.addVertex("charWords", new CharacterSequences.Split(encoder.slot()), "charEmbedding");
                Layer charRnn = RecurrentStack.layers(new RecurrentStack.Spec(CellType.LSTM, s.charFilters() / 2, 1, 0,
                        true, Bidirectional.Mode.CONCAT), s.charDim()).get(0);
                g.addLayer("charRnn", charRnn, "charWords");
                g.addVertex("charEnds", new CharacterSequences.Join(), "charRnn");
                merged.add("charEnds");
            } else {
                g.addLayer("charConv", new Convolution1DLayer.Builder().kernelSize(3).stride(1)
                        .convolutionMode(ConvolutionMode.Same).nIn(s.charDim()).nOut(s.charFilters())
                        .activation(Activation.TANH).build(), "charEmbedding");
                g.addLayer("charPool", new Subsampling1DLayer.Builder(PoolingType.MAX).kernelSize(encoder.slot())
                        .stride(encoder.slot()).build(), "charConv");
                merged.add("charPool");
            }
            features += s.charFilters();
        }
        if (s.caseFeature()) {
            inputs.add(SHAPES);
            g.addLayer("shapeEmbedding", new EmbeddingSequenceLayer.Builder().nIn(WordShape.IDS).nOut(SHAPE_DIM).build(),
                    SHAPES);
            merged.add("shapeEmbedding");
            features += SHAPE_DIM;
        }
        g.addInputs(inputs.toArray(String[]::new));
        String top = "merged";
        g.addVertex(top, new MergeVertex(), merged.toArray(String[]::new));
        RecurrentStack.Spec spec = new RecurrentStack.Spec(s.cell(), s.hidden(), s.layers(), s.dropout(),
                s.bidirectional(), Bidirectional.Mode.CONCAT);
        List<Layer> stack = RecurrentStack.layers(spec, features);
        if (s.dropout() > 0) {
            // dropout on the word vectors too (the stack drops only between its layers); a DropoutLayer here would
            // fail on the [batch, time] mask, so the first recurrent layer drops its input
            Layer first = stack.get(0);
            List<Layer> directions = first instanceof Bidirectional b ? List.of(b.getFwd(), b.getBwd()) : List.of(first);
            directions.forEach(d -> d.setIDropout(new Dropout(1 - s.dropout())));
        }
        for (int i = 0; i < stack.size(); i++) {
            g.addLayer("rnn" + i, stack.get(i), top);
            top = "rnn" + i;
        }
        RnnOutputLayer out = s.crf() ? CrfOutput.of(spec.outputSize(), encoder.tags().size())
                : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(spec.outputSize()).nOut(encoder.tags().size()).dataFormat(RNNFormat.NCW).build();
        if (s.dropout() > 0) {
            out.setIDropout(new Dropout(1 - s.dropout()));
        }
        g.addLayer(OUTPUT, out, top);
        g.setOutputs(OUTPUT);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }
}
