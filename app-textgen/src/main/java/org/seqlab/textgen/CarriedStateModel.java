package org.seqlab.textgen;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.train.TrainableModel;
import org.seqlab.common.train.Trainables;

/**
 * Truncated BPTT with the recurrent state carried from one mini-batch to the next, over the windows of
 * {@link TextStreams}. DL4J's {@code MultiLayerNetwork.fit} cannot do this across calls: with
 * {@code BackpropType.TruncatedBPTT} it clears every layer's state at the start and end of each call
 * ({@code doTruncatedBPTT}), carrying it only between the segments of one long sequence given at once. So each
 * window runs the same step that {@code doTruncatedBPTT} runs per segment: the optimiser on the network
 * (whose TBPTT forward pass starts from the stored state and stores its last state), then
 * {@code updateRnnStateWithTBPTTState} so that the next window starts where this one ended. Gradients stop at
 * the window boundary; the state does not. The state starts from zero at every epoch.
 */
public final class CarriedStateModel implements TrainableModel<MultiLayerNetwork> {
    private final MultiLayerNetwork net;

    public CarriedStateModel(MultiLayerNetwork net) {
        if (net.getLayerWiseConfigurations().getBackpropType() != BackpropType.TruncatedBPTT) {
            throw new IllegalArgumentException("carrying state between windows needs a network configured for truncated BPTT");
        }
        this.net = net;
    }

    /** Fits one window, starting from the state the previous window ended in; returns the mean loss per token. */
    @Override
    public double fit(MultiDataSet batch) {
        net.setInput(batch.getFeatures(0));
        net.setLabels(batch.getLabels(0));
        net.setLayerMaskArrays(null, null);
        // the network's own optimiser: its updater is the one checkpoints save and restore (a Solver built here
        // would get a fresh Adam state of its own, which a resumed run would not see)
        net.getUpdater(true);
        net.getOptimizer().optimize(LayerWorkspaceMgr.noWorkspaces());
        net.updateRnnStateWithTBPTTState();
        // DL4J's score of a sequence batch sums the loss over time steps (and averages over rows): per token here
        return net.score() / batch.getFeatures(0).size(2);
    }

    /** Starts an epoch: the state from zero (the trainer reseeds the dropout masks' generator per epoch). */
    @Override
    public void setEpoch(int epoch) {
        net.getLayerWiseConfigurations().setEpochCount(epoch);
        net.rnnClearPreviousState();
    }

    @Override
    public void save(Path file, boolean withUpdater) throws IOException {
        ModelSerializer.writeModel(net, file.toFile(), withUpdater);
    }

    @Override
    public MultiLayerNetwork network() {
        return net;
    }

    @Override
    public TrainableModel<MultiLayerNetwork> reload(Path file, boolean withUpdater) throws IOException {
        return new CarriedStateModel((MultiLayerNetwork) Trainables.load(file, Trainables.MULTI_LAYER, withUpdater).network());
    }
}
