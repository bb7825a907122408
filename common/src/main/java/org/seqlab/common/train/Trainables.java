package org.seqlab.common.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.seqlab.common.error.BadInputException;

/** Adapters from DL4J's three network kinds to {@link TrainableModel}, and loading them back. */
public final class Trainables {
    public static final String MULTI_LAYER = "MultiLayerNetwork";
    public static final String GRAPH = "ComputationGraph";
    public static final String SAMEDIFF = "SameDiff";

    private Trainables() {
    }

    public static TrainableModel<MultiLayerNetwork> of(MultiLayerNetwork network) {
        return new MultiLayer(network);
    }

    public static TrainableModel<ComputationGraph> of(ComputationGraph network) {
        return new Graph(network);
    }

    public static TrainableModel<SameDiff> of(SameDiff network) {
        return new SameDiffModel(network);
    }

    /** Any of the three kinds, known only at run time (e.g. what a bundle holds). */
    public static TrainableModel<?> of(Object network) {
        if (network instanceof MultiLayerNetwork net) {
            return new MultiLayer(net);
        }
        if (network instanceof ComputationGraph graph) {
            return new Graph(graph);
        }
        if (network instanceof SameDiff sd) {
            return new SameDiffModel(sd);
        }
        throw new IllegalArgumentException("not a DL4J network: " + network);
    }

    public static String typeOf(Object network) {
        TrainableModel<?> model = of(network);
        if (model instanceof MultiLayer) {
            return MULTI_LAYER;
        }
        return model instanceof Graph ? GRAPH : SAMEDIFF;
    }

    /** Loads a saved network of the given type; a file that cannot be read is a user error. */
    public static TrainableModel<?> load(Path file, String type, boolean withUpdater) throws IOException {
        try {
            return switch (type) {
                case MULTI_LAYER -> new MultiLayer(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), withUpdater));
                case GRAPH -> new Graph(ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater));
                case SAMEDIFF -> new SameDiffModel(SameDiff.load(file.toFile(), withUpdater));
                default -> throw new BadInputException("unknown network type '" + type + "' in " + file);
            };
        } catch (BadInputException e) {
            throw e;
        } catch (Exception | Error e) {
            // ModelSerializer reports truncation as anything from EOFException to NegativeArraySizeException
            if (e instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw new BadInputException("cannot read the network in " + file + " (corrupt or truncated): "
                    + e.getClass().getSimpleName());
        }
    }

    /**
     * Replaces the rate of every updater configuration that the network's updater uses, each instance once, by
     * {@code change} of its rate at the current iteration and epoch: they are the layers' (and vertices') own
     * configurations, so the checkpoint saves the new rate. A learning-rate schedule is replaced by the fixed rate.
     * Returns the new rate of the first parameter.
     */
    static double changeLearningRate(Object network, DoubleUnaryOperator change) {
        Updating updating = updating(network);
        if (updating == null) {
            throw new UnsupportedOperationException("changing the learning rate of a "
                    + network.getClass().getSimpleName() + " while it trains is not supported");
        }
        double first = Double.NaN;
        for (IUpdater config : rateConfigs(updating.updater())) {
            double changed = change.applyAsDouble(config.getLearningRate(updating.iteration(), updating.epoch()));
            config.setLrAndSchedule(changed, null);
            first = Double.isNaN(first) ? changed : first;
        }
        return first;
    }

    /** The rate of the first parameter at the network's current iteration and epoch; 0 for other kinds. */
    static double learningRate(Object network) {
        Updating updating = updating(network);
        List<IUpdater> configs = updating == null ? List.of() : rateConfigs(updating.updater());
        return configs.isEmpty() ? 0 : configs.get(0).getLearningRate(updating.iteration(), updating.epoch());
    }

    /** A network's updater with the iteration and epoch its learning-rate schedules read. */
    private record Updating(BaseMultiLayerUpdater<?> updater, int iteration, int epoch) {
    }

    /** Null for a network of another kind (SameDiff). */
    private static Updating updating(Object network) {
        if (network instanceof MultiLayerNetwork net) {
            return new Updating((BaseMultiLayerUpdater<?>) net.getUpdater(), net.getIterationCount(), net.getEpochCount());
        }
        if (network instanceof ComputationGraph graph) {
            return new Updating(graph.getUpdater(), graph.getIterationCount(), graph.getEpochCount());
        }
        return null;
    }

    /**
     * Every updater configuration instance with a learning rate, once each, in the order of the network's parameters
     * (by identity: equal configurations of two layers are two instances, and each must be scaled).
     */
    private static List<IUpdater> rateConfigs(BaseMultiLayerUpdater<?> updater) {
        Set<IUpdater> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<IUpdater> ordered = new ArrayList<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState param : block.getLayersAndVariablesInBlock()) {
                IUpdater config = param.getLayer().getConfig().getUpdaterByParam(param.getParamName());
                if (config != null && config.hasLearningRate() && seen.add(config)) {
                    ordered.add(config);
                }
            }
        }
        return ordered;
    }

    private record MultiLayer(MultiLayerNetwork net) implements TrainableModel<MultiLayerNetwork> {
        @Override
        public double fit(MultiDataSet batch) {
            net.fit(new DataSet(batch.getFeatures(0), batch.getLabels(0),
                    batch.getFeaturesMaskArrays() == null ? null : batch.getFeaturesMaskArray(0),
                    batch.getLabelsMaskArrays() == null ? null : batch.getLabelsMaskArray(0)));
            return net.score();
        }

        @Override
        public void setEpoch(int epoch) {
            net.getLayerWiseConfigurations().setEpochCount(epoch);
        }

        @Override
        public void save(Path file, boolean withUpdater) throws IOException {
            ModelSerializer.writeModel(net, file.toFile(), withUpdater);
        }

        @Override
        public MultiLayerNetwork network() {
            return net;
        }
    }

    private record Graph(ComputationGraph graph) implements TrainableModel<ComputationGraph> {
        @Override
        public double fit(MultiDataSet batch) {
            graph.fit(batch);
            return graph.score();
        }

        @Override
        public void setEpoch(int epoch) {
            graph.getConfiguration().setEpochCount(epoch);
        }

        @Override
        public void save(Path file, boolean withUpdater) throws IOException {
            ModelSerializer.writeModel(graph, file.toFile(), withUpdater);
        }

        @Override
        public ComputationGraph network() {
            return graph;
        }
    }

    private record SameDiffModel(SameDiff sd) implements TrainableModel<SameDiff> {
        @Override
        public double fit(MultiDataSet batch) {
            sd.fit(batch);
            // M2.1's per-iteration loss records stay zero, so evaluate the loss variables (after the update)
            TrainingConfig config = sd.getTrainingConfig();
            Map<String, INDArray> placeholders = new HashMap<>();
            bind(placeholders, config.getDataSetFeatureMapping(), batch.getFeatures());
            bind(placeholders, config.getDataSetLabelMapping(), batch.getLabels());
            bind(placeholders, config.getDataSetFeatureMaskMapping(), batch.getFeaturesMaskArrays());
            bind(placeholders, config.getDataSetLabelMaskMapping(), batch.getLabelsMaskArrays());
            double loss = 0;
            for (INDArray value : sd.output(placeholders, sd.getLossVariables().toArray(String[]::new)).values()) {
                loss += value.sumNumber().doubleValue();
            }
            return loss;
        }

        private static void bind(Map<String, INDArray> placeholders, List<String> names, INDArray[] arrays) {
            if (names == null || arrays == null) {
                return;
            }
            for (int i = 0; i < Math.min(names.size(), arrays.length); i++) {
                if (arrays[i] != null) {
                    placeholders.put(names.get(i), arrays[i]);
                }
            }
        }

        @Override
        public void setEpoch(int epoch) {
            if (sd.getTrainingConfig() != null) {
                sd.getTrainingConfig().setEpochCount(epoch);
            }
        }

        @Override
        public void save(Path file, boolean withUpdater) {
            sd.save(file.toFile(), withUpdater);
        }

        @Override
        public SameDiff network() {
            return sd;
        }
    }
}
