package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link GRU}: input weights {@code W} [nIn, 3H], recurrent weights {@code RW} [H, 3H] and
 * bias {@code b} [1, 3H], each with column blocks in the order update gate, reset gate, candidate.
 */
public final class GRUParamInitializer implements ParamInitializer {
    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";

    private static final GRUParamInitializer INSTANCE = new GRUParamInitializer();
    private static final List<String> PARAMS = List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY);
    private static final List<String> WEIGHTS = List.of(INPUT_WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    private static final List<String> BIASES = List.of(BIAS_KEY);

    private GRUParamInitializer() {
    }

    public static GRUParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        GRU gru = (GRU) layer;
        return 3 * gru.getNOut() * (gru.getNIn() + gru.getNOut() + 1);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return PARAMS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHTS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIASES;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHTS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        GRU gru = (GRU) conf.getLayer();
        long nIn = gru.getNIn();
        long h = gru.getNOut();
        INDArray flat = paramsView.reshape(paramsView.length());
        if (initializeParams) {
            IWeightInit input = gru.getWeightInitFn();
            IWeightInit recurrent = gru.getWeightInitFnRecurrent() != null ? gru.getWeightInitFnRecurrent() : input;
            input.init(nIn, h, new long[] {nIn, 3 * h}, 'f', flat.get(interval(0, nIn * 3 * h)));
            recurrent.init(h, h, new long[] {h, 3 * h}, 'f', flat.get(interval(nIn * 3 * h, (nIn + h) * 3 * h)));
            flat.get(interval((nIn + h) * 3 * h, flat.length())).assign(gru.getBiasInit());
        }
        for (String key : PARAMS) {
            conf.addVariable(key);
        }
        return views(flat, nIn, h);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        GRU gru = (GRU) conf.getLayer();
        return views(gradientView.reshape(gradientView.length()), gru.getNIn(), gru.getNOut());
    }

    private static Map<String, INDArray> views(INDArray flat, long nIn, long h) {
        long inputEnd = nIn * 3 * h;
        long recurrentEnd = inputEnd + h * 3 * h;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(INPUT_WEIGHT_KEY, flat.get(interval(0, inputEnd)).reshape('f', nIn, 3 * h));
        m.put(RECURRENT_WEIGHT_KEY, flat.get(interval(inputEnd, recurrentEnd)).reshape('f', h, 3 * h));
        m.put(BIAS_KEY, flat.get(interval(recurrentEnd, recurrentEnd + 3 * h)).reshape('c', 1, 3 * h));
        return m;
    }
}
