package org.seqlab.common.rnn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's recipe for turning a layer configuration of our own into its layer instance, which every custom
 * configuration's {@code instantiate} repeats: listeners, index, the layer's slice of the network's parameters, the
 * parameter table its initializer makes of that slice, and the configuration.
 */
public final class LayerInstances {
    private LayerInstances() {
    }

    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf,
                                                     Collection<TrainingListener> listeners, int layerIndex,
                                                     INDArray layerParamsView, boolean initializeParams,
                                                     ParamInitializer initializer) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(initializer.init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }
}
