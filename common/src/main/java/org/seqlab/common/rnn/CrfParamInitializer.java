package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of {@link CrfOutput}: the projection to tag scores, weights {@code W} [nIn, tags] and bias {@code b}
 * [1, tags] as DL4J's output layers have them, and the transition scores {@code T} [tags + 1, tags + 1] (row
 * {@code tags}: the start; column {@code tags}: the end; see {@link CrfChain}), initialised to zero (no preference
 * until the data gives one) and neither weight nor bias, so no weight decay pulls on them.
 */
public final class CrfParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";
    public static final String TRANSITION_KEY = "T";

    private static final CrfParamInitializer INSTANCE = new CrfParamInitializer();
    private static final List<String> PARAMS = List.of(WEIGHT_KEY, BIAS_KEY, TRANSITION_KEY);

    private CrfParamInitializer() {
    }

    public static CrfParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        FeedForwardLayer crf = (FeedForwardLayer) layer;
        long tags = crf.getNOut();
        return crf.getNIn() * tags + tags + (tags + 1) * (tags + 1);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return PARAMS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(BIAS_KEY);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FeedForwardLayer crf = (FeedForwardLayer) conf.getLayer();
        INDArray flat = paramsView.reshape(paramsView.length());
        Map<String, INDArray> views = views(flat, crf.getNIn(), crf.getNOut());
        if (initializeParams) {
            crf.getWeightInitFn().init(crf.getNIn(), crf.getNOut(), new long[] {crf.getNIn(), crf.getNOut()}, 'f',
                    views.get(WEIGHT_KEY));
            views.get(BIAS_KEY).assign(crf.getBiasInit());
            views.get(TRANSITION_KEY).assign(0);
        }
        for (String key : PARAMS) {
            conf.addVariable(key);
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        FeedForwardLayer crf = (FeedForwardLayer) conf.getLayer();
        return views(gradientView.reshape(gradientView.length()), crf.getNIn(), crf.getNOut());
    }

    private static Map<String, INDArray> views(INDArray flat, long nIn, long tags) {
        long weightEnd = nIn * tags;
        long biasEnd = weightEnd + tags;
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, flat.get(interval(0, weightEnd)).reshape('f', nIn, tags));
        m.put(BIAS_KEY, flat.get(interval(weightEnd, biasEnd)).reshape('c', 1, tags));
        m.put(TRANSITION_KEY, flat.get(interval(biasEnd, flat.length())).reshape('c', tags + 1, tags + 1));
        return m;
    }
}
