package org.seqlab.common.rnn;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * DL4J's recurrent softmax output layer with sparse cross-entropy (labels are class ids [batch, 1, T]), trained
 * by {@link SoftmaxOutputLayer}: the logits are computed once per step, not once for the gradient and again for
 * the score, and softmax, loss and gradient are one pass. Same parameters and settings as {@link RnnOutputLayer}
 * (it is one); any other loss or activation set on it later trains as DL4J does.
 */
public class SoftmaxOutput extends RnnOutputLayer {
    /** The share of the target spread evenly over all classes while training (Szegedy et al. 2016); 0 = one-hot. */
    private double labelSmoothing;

    /** For JSON; use {@link #sparse}. */
    public SoftmaxOutput() {
    }

    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    public void setLabelSmoothing(double labelSmoothing) {
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** A softmax over {@code classes} from {@code features} inputs, layout [batch, features, T] (NCW). */
    public static SoftmaxOutput sparse(long features, long classes) {
        RnnOutputLayer built = new RnnOutputLayer.Builder(new LossSparseMCXENT()).activation(Activation.SOFTMAX)
                .nIn(features).nOut(classes).dataFormat(RNNFormat.NCW).build();
        SoftmaxOutput layer = new SoftmaxOutput();
        copyFields(built, layer);
        return layer;
    }

    /** RnnOutputLayer's constructor is private to its builder: the built configuration's fields are copied. */
    static void copyFields(RnnOutputLayer from, RnnOutputLayer to) {
        for (Class<?> type = RnnOutputLayer.class; type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                try {
                    field.set(to, field.get(from));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy " + field, e);
                }
            }
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("SoftmaxOutput", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerInstances.wire(new SoftmaxOutputLayer(conf, networkDataType), conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                initializer());
    }
}
