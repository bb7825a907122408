package org.seqlab.common.rnn;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * A linear-chain CRF output layer for sequence labelling: a dense projection of each step to tag scores plus a
 * learned score for every pair of consecutive tags (and for the first and last tag), trained on the negative log
 * likelihood of the whole tag sequence instead of each step's own softmax. Its output is each step's tag marginals,
 * so the most probable tag of each token (posterior decoding, which maximises the expected number of right tags) and
 * its probability read as a softmax layer's do. Labels as DL4J's recurrent output layer takes them: one-hot
 * [batch, tags, T] or tag ids [batch, 1, T], with a label mask [batch, T]. Layout NCW. Trained by
 * {@link CrfOutputLayer}; parameters {@link CrfParamInitializer}.
 */
public class CrfOutput extends RnnOutputLayer {
    /** For JSON; use {@link #of}. */
    public CrfOutput() {
    }

    /** A CRF over {@code tags} from {@code features} inputs per step. */
    public static CrfOutput of(long features, long tags) {
        // neither is applied: the layer computes the sequence likelihood itself, and its outputs are marginal
        // probabilities, which is what DL4J's check of an output layer's loss and activation looks for
        RnnOutputLayer built = new RnnOutputLayer.Builder(new LossMCXENT()).activation(Activation.SOFTMAX)
                .nIn(features).nOut(tags).dataFormat(RNNFormat.NCW).build();
        CrfOutput layer = new CrfOutput();
        SoftmaxOutput.copyFields(built, layer);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return CrfParamInitializer.getInstance();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("CrfOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerInstances.wire(new CrfOutputLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                initializer());
    }
}
