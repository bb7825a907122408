package org.seqlab.captioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.VGG16;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.cnn.FastBatchNormalization;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.AttentionDecoder;
import org.seqlab.common.rnn.AttentionVertex;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.SoftmaxOutput;
import org.seqlab.common.rnn.TrainingConfigs;
import org.seqlab.common.train.TrainSettings;

/**
 * The captioning network as one ComputationGraph with two inputs, the image and the previous caption token
 * (its index, embedded by the graph), so that {@link org.seqlab.common.decode.GraphStepModel} computes the
 * image part once per caption and steps only the decoder.
 * <pre>
 * image -> CNN -> grid [C, h, w] -> feature (dense, ReLU) -> repeated over the caption steps --+
 * tokens -> embedding ------------------------------------------------------------------------ merge -> decoder -> softmax
 * </pre>
 * The image feature enters the decoder at every step ("par-inject" in Tanti et al.'s terms): DL4J's
 * recurrent layers take no initial state from the graph, and feeding the feature at every step gives the
 * decoder the same information as Show and Tell's image-as-first-input. With {@code --attention soft}
 * the grid, reshaped into a sequence of h*w regions, is the memory of an additive attention decoder
 * (Show, Attend and Tell) whose weights are kept for pictures.
 */
final class CaptionNetwork {
    static final String IMAGE = "image";
    static final String TOKENS = "tokens";
    static final String GRID = "grid";
    static final String FEATURE = "feature";
    static final String DECODER = "dec_";
    private static final String ENCODER_PREFIX = "enc_";

    private CaptionNetwork() {
    }

    /** The grid's shape, [channels, height, width]. */
    record Grid(String vertex, long channels, long height, long width) {
        long regions() {
            return height * width;
        }
    }

    /** A fresh network with random weights (or a zoo / saved encoder's weights). */
    static ComputationGraph build(CaptionSettings s, int vocabulary, TrainSettings train) throws IOException {
        ComputationGraphConfiguration.GraphBuilder g = TrainingConfigs.builder(train).weightInit(WeightInit.XAVIER)
                .graphBuilder();
        TrainingConfigs.apply(g, train);
        g.addInputs(IMAGE, TOKENS);
        ComputationGraph pretrained = null;
        String gridVertex;
        if (s.scratch()) {
            gridVertex = addScratchEncoder(g, s);
        } else {
            pretrained = encoderGraph(s, train.seed());
            gridVertex = copyEncoder(g, pretrained, s);
        }
        // the token input is declared with the vocabulary's size, which the embedding layer takes as its nIn
        g.setInputTypes(InputType.convolutional(s.imageSize(), s.imageSize(), 3), InputType.recurrent(vocabulary));
        Grid grid = gridOf(g, gridVertex, s.imageSize(), vocabulary);
        addDecoder(g, s, grid, vocabulary);
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        if (pretrained != null) {
            copyWeights(pretrained, graph);
        }
        return graph;
    }

    /** Four (or --channels many) blocks of 3x3 convolution, batch normalisation, ReLU and 2x2 max pooling. */
    private static String addScratchEncoder(ComputationGraphConfiguration.GraphBuilder g, CaptionSettings s) {
        String previous = IMAGE;
        for (int i = 0; i < s.channels().size(); i++) {
            int block = i + 1;
            g.addLayer("conv" + block, new ConvolutionLayer.Builder(3, 3).nOut(s.channels().get(i))
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.IDENTITY).hasBias(false).build(), previous);
            // DL4J's own batch norm would drop the ReLU (FastBatchNormalization)
            g.addLayer("bn" + block, new FastBatchNormalization(Activation.RELU), "conv" + block);
            g.addLayer(i + 1 < s.channels().size() ? "pool" + block : GRID, new SubsamplingLayer.Builder(
                    SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "bn" + block);
            previous = i + 1 < s.channels().size() ? "pool" + block : GRID;
        }
        return GRID;
    }

    /** The zoo graph (random or ImageNet weights) or the saved network an {@code --encoder} names. */
    static ComputationGraph encoderGraph(CaptionSettings s, long seed) throws IOException {
        int[] shape = {3, s.imageSize(), s.imageSize()};
        ZooModel zoo = switch (s.encoder()) {
            case "vgg16" -> VGG16.builder().seed(seed).numClasses(1000).inputShape(shape).build();
            case "resnet50" -> ResNet50.builder().seed(seed).numClasses(1000).inputShape(shape).build();
            default -> null;
        };
        if (zoo != null) {
            if ("random".equals(s.encoderWeights())) {
                return (ComputationGraph) zoo.init();
            }
            try {
                return (ComputationGraph) zoo.initPretrained(PretrainedType.IMAGENET);
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("cannot get DL4J's ImageNet weights for " + s.encoder() + " (needs internet on "
                        + "first use; cached in ~/.deeplearning4j): " + e.getMessage() + "; or use --encoder-weights random");
            }
        }
        Path file = Path.of(s.encoder());
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("--encoder must be scratch, vgg16, resnet50 or a saved DL4J network file; "
                    + file + " does not exist");
        }
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } catch (Exception notAGraph) {
            try {
                MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
                return net.toComputationGraph();
            } catch (Exception e) {
                throw new BadInputException("--encoder " + file + " is not a saved DL4J network (ComputationGraph or "
                        + "MultiLayerNetwork zip)");
            }
        }
    }

    /**
     * Copies the encoder's vertices up to its grid vertex into {@code g} (renamed {@code enc_*}, its input
     * renamed {@code image}), frozen when asked; returns the grid vertex's new name.
     */
    private static String copyEncoder(ComputationGraphConfiguration.GraphBuilder g, ComputationGraph encoder,
                                      CaptionSettings s) {
        ComputationGraphConfiguration conf = encoder.getConfiguration();
        if (conf.getNetworkInputs().size() != 1) {
            throw new BadInputException("--encoder must have one (image) input, it has " + conf.getNetworkInputs());
        }
        String input = conf.getNetworkInputs().get(0);
        String grid = s.encoderLayer().isEmpty() ? lastGrid(encoder, s.imageSize()) : s.encoderLayer();
        if (!conf.getVertices().containsKey(grid)) {
            throw new BadInputException("--encoder-layer " + grid + " is not a vertex of the encoder");
        }
        Set<String> needed = ancestors(conf, grid);
        for (int index : encoder.topologicalSortOrder()) {
            String name = encoder.getVertices()[index].getVertexName();
            if (!needed.contains(name) || name.equals(input)) {
                continue;
            }
            String[] inputs = conf.getVertexInputs().get(name).stream()
                    .map(in -> in.equals(input) ? IMAGE : ENCODER_PREFIX + in).toArray(String[]::new);
            GraphVertex vertex = conf.getVertices().get(name);
            if (vertex instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer().clone();
                g.addLayer(ENCODER_PREFIX + name, s.freezeEncoder() ? new FrozenLayer(layer) : layer,
                        lv.getPreProcessor() == null ? null : lv.getPreProcessor().clone(), inputs);
            } else {
                g.addVertex(ENCODER_PREFIX + name, vertex.clone(), inputs);
            }
        }
        return ENCODER_PREFIX + grid;
    }

    /** The last vertex (in topological order) whose output is a convolutional grid of more than one region. */
    static String lastGrid(ComputationGraph encoder, int imageSize) {
        Map<String, InputType> types = encoder.getConfiguration().getLayerActivationTypes(
                InputType.convolutional(imageSize, imageSize, 3));
        String last = null;
        for (int index : encoder.topologicalSortOrder()) {
            String name = encoder.getVertices()[index].getVertexName();
            if (types.get(name) instanceof InputType.InputTypeConvolutional c && c.getHeight() * c.getWidth() > 1) {
                last = name;
            }
        }
        if (last == null) {
            throw new BadInputException("the encoder has no convolutional layer with a spatial grid at image size "
                    + imageSize + "; give --encoder-layer or a larger --image-size");
        }
        return last;
    }

    private static Set<String> ancestors(ComputationGraphConfiguration conf, String vertex) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(vertex));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            if (seen.add(v) && conf.getVertexInputs().get(v) != null) {
                queue.addAll(conf.getVertexInputs().get(v));
            }
        }
        return seen;
    }

    private static Grid gridOf(ComputationGraphConfiguration.GraphBuilder g, String vertex, int imageSize, int vocabulary) {
        // built once without outputs only to read the activation types; the decoder is added afterwards
        g.allowNoOutput(true);
        ComputationGraphConfiguration conf = g.build();
        g.allowNoOutput(false);
        InputType type = conf.getLayerActivationTypes(InputType.convolutional(imageSize, imageSize, 3),
                InputType.recurrent(vocabulary)).get(vertex);
        if (!(type instanceof InputType.InputTypeConvolutional c)) {
            throw new BadInputException("the encoder's vertex " + vertex + " does not give a convolutional grid but " + type);
        }
        return new Grid(vertex, c.getChannels(), c.getHeight(), c.getWidth());
    }

    /** Feature, embedding and the decoder with or without attention; the graph's output is the softmax. */
    private static void addDecoder(ComputationGraphConfiguration.GraphBuilder g, CaptionSettings s, Grid grid,
                                   int vocabulary) {
        DenseLayer.Builder feature = new DenseLayer.Builder().nOut(s.featureSize()).activation(Activation.RELU);
        if (s.dropout() > 0) {
            feature.dropOut(new Dropout(1 - s.dropout()));
        }
        g.addLayer(FEATURE, feature.build(), grid.vertex());
        g.addVertex("feature_steps", new DuplicateToTimeSeriesVertex(TOKENS), FEATURE);
        g.addLayer("embed", new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(s.embeddingDim()).build(), TOKENS);
        g.addVertex("decoder_in", new MergeVertex(), "embed", "feature_steps");
        int decoderIn = s.embeddingDim() + s.featureSize();
        RecurrentStack.Spec spec = new RecurrentStack.Spec(s.cell(), s.hidden(), s.layers(), s.dropout(), false,
                Bidirectional.Mode.CONCAT);
        if (s.softAttention()) {
            // [batch, C, h, w] in C order is [batch, C, h*w]: region (y, x) becomes memory step y*w + x
            g.addVertex("memory", new ReshapeVertex('c', new int[] {-1, (int) grid.channels(), (int) grid.regions()}, null),
                    grid.vertex());
            AttentionDecoder.Arrangement arrangement = s.cell() == CellType.GRU && s.layers() == 1
                    ? AttentionDecoder.Arrangement.BAHDANAU : AttentionDecoder.Arrangement.LUONG;
            String out = AttentionDecoder.addTo(g, DECODER, "decoder_in", decoderIn, "memory", (int) grid.channels(), spec,
                    arrangement, AttentionVertex.Score.ADDITIVE, s.attentionSize(), vocabulary);
            g.setOutputs(out);
        } else {
            String top = RecurrentStack.addTo(g, DECODER + "rnn", "decoder_in", spec, decoderIn);
            SoftmaxOutput out = SoftmaxOutput.sparse(s.hidden(), vocabulary);
            if (s.dropout() > 0) {
                out.setIDropout(new Dropout(1 - s.dropout()));
            }
            g.addLayer(DECODER + "out", out, top);
            g.setOutputs(DECODER + "out");
        }
    }

    /** Copies a zoo or saved encoder's weights (also batch-norm statistics) into the caption graph. */
    private static void copyWeights(ComputationGraph encoder, ComputationGraph graph) {
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex source : encoder.getVertices()) {
            org.deeplearning4j.nn.graph.vertex.GraphVertex target = graph.getVertex(ENCODER_PREFIX + source.getVertexName());
            if (source.hasLayer() && target != null && source.getLayer().numParams() > 0) {
                target.getLayer().setParams(source.getLayer().params().dup());
            }
        }
    }

    /** The grid vertex of a caption graph for images of {@code imageSize} pixels, and its shape. */
    static Grid grid(ComputationGraph graph, int imageSize) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        String vertex = conf.getVertexInputs().get(FEATURE).get(0);
        long vocabulary = ((EmbeddingSequenceLayer) graph.getLayer("embed").conf().getLayer()).getNIn();
        InputType type = conf.getLayerActivationTypes(InputType.convolutional(imageSize, imageSize, 3),
                InputType.recurrent(vocabulary)).get(vertex);
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) type;
        return new Grid(vertex, c.getChannels(), c.getHeight(), c.getWidth());
    }
}
