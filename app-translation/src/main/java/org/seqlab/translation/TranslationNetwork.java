package org.seqlab.translation;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.seqlab.common.rnn.AttentionDecoder;
import org.seqlab.common.rnn.AttentionVertex;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.SoftmaxOutput;
import org.seqlab.common.rnn.TrainingConfigs;
import org.seqlab.common.train.TrainSettings;

/**
 * The encoder-decoder graph. Inputs: source token ids [batch, 1, Ts] and the previous target token ids
 * [batch, 1, Tt] (teacher forcing: start token + reference while training, the decoded prefix while
 * decoding, last so that {@link org.seqlab.common.decode.GraphStepModel} steps it); output: a softmax over
 * the target vocabulary [batch, V, Tt].
 * <pre>
 *   src -> embedding (DropConnect) -> (bidirectional) GRU/LSTM stack, the memory
 *   tgt -> embedding (DropConnect) -> decoder (common's AttentionDecoder: Bahdanau or Luong) -> dropout -> softmax
 * </pre>
 * Without attention the memory is averaged over the real source steps into one vector, which is given to
 * the decoder at every step beside the previous token and again beside its state at the softmax: the plain
 * encoder-decoder of Cho et al. (2014). The mean stands in for the "final state": the backward direction's
 * last step has read only the last token.
 */
public final class TranslationNetwork {
    static final String SOURCE = "src";
    static final String TARGET = "tgt";
    static final String DECODER = "dec_";
    static final String OUTPUT = DECODER + "out";

    private TranslationNetwork() {
    }

    public static ComputationGraph build(TranslationSettings s, int sourceVocabulary, int targetVocabulary,
                                         TrainSettings training) {
        ComputationGraphConfiguration.GraphBuilder graph = TrainingConfigs.builder(training).graphBuilder()
                .addInputs(SOURCE, TARGET);
        String source = embed(graph, "src_", SOURCE, sourceVocabulary, s);
        RecurrentStack.Spec encoder = new RecurrentStack.Spec(s.cell(), s.hidden(), s.encoderLayers(), s.dropout(),
                s.bidirectional(), Bidirectional.Mode.CONCAT);
        String memory = RecurrentStack.addTo(graph, "enc", source, encoder, s.embeddingDim());
        String target = embed(graph, "tgt_", TARGET, targetVocabulary, s);
        RecurrentStack.Spec decoder = new RecurrentStack.Spec(s.decoderCell(), s.hidden(), 1, 0, false,
                Bidirectional.Mode.CONCAT);
        String out = switch (s.attention()) {
            case BAHDANAU -> AttentionDecoder.addTo(graph, DECODER, target, s.embeddingDim(), memory, s.memorySize(),
                    decoder, AttentionDecoder.Arrangement.BAHDANAU, AttentionVertex.Score.ADDITIVE, s.attentionSize(),
                    targetVocabulary);
            case LUONG_DOT, LUONG_GENERAL -> AttentionDecoder.addTo(graph, DECODER, target, s.embeddingDim(), memory,
                    s.memorySize(), decoder, AttentionDecoder.Arrangement.LUONG,
                    s.attention() == Attention.LUONG_DOT ? AttentionVertex.Score.DOT : AttentionVertex.Score.GENERAL,
                    s.attentionSize(), targetVocabulary);
            case NONE -> plainDecoder(graph, target, memory, s, decoder, targetVocabulary);
        };
        // labels are target ids (Batches), as SoftmaxOutput expects
        SoftmaxOutput output = (SoftmaxOutput) ((LayerVertex) graph.getVertices().get(out)).getLayerConf().getLayer();
        output.setLabelSmoothing(s.labelSmoothing());
        if (s.dropout() > 0) {
            // before the softmax, as in the reference recipe
            output.setIDropout(new Dropout(1 - s.dropout()));
        }
        TrainingConfigs.apply(graph, training);
        ComputationGraph net = new ComputationGraph(graph.setOutputs(out).build());
        net.init();
        return net;
    }

    /**
     * An embedding of token ids. Dropout acts on its weights (DropConnect): DL4J's DropoutLayer multiplies a
     * time series by its mask as if it were a column vector and fails on masked batches.
     */
    private static String embed(ComputationGraphConfiguration.GraphBuilder graph, String prefix, String input,
                                int vocabulary, TranslationSettings s) {
        EmbeddingSequenceLayer.Builder embedding = new EmbeddingSequenceLayer.Builder().nIn(vocabulary)
                .nOut(s.embeddingDim()).inferInputLength(true).hasBias(false);
        if (s.dropout() > 0) {
            embedding.weightNoise(new DropConnect(1 - s.dropout()));
        }
        graph.addLayer(prefix + "emb", embedding.build(), input);
        return prefix + "emb";
    }

    private static String plainDecoder(ComputationGraphConfiguration.GraphBuilder graph, String target, String memory,
                                       TranslationSettings s, RecurrentStack.Spec decoder, int vocabulary) {
        graph.addLayer("enc_mean", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), memory);
        graph.addVertex(DECODER + "context", new DuplicateToTimeSeriesVertex(TARGET), "enc_mean");
        graph.addVertex(DECODER + "in", new MergeVertex(), target, DECODER + "context");
        String states = RecurrentStack.addTo(graph, DECODER + "rnn", DECODER + "in", decoder,
                s.embeddingDim() + s.memorySize());
        graph.addVertex(DECODER + "merge", new MergeVertex(), states, DECODER + "context");
        graph.addLayer(OUTPUT, SoftmaxOutput.sparse(decoder.outputSize() + s.memorySize(), vocabulary), DECODER + "merge");
        return OUTPUT;
    }
}
