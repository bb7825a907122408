package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.decode.MultiLayerStepModel;
import org.seqlab.common.decode.TokenInput;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

class StreamStepperTest {
    @ParameterizedTest
    @CsvSource({"GRU,CHAR", "LSTM,CHAR", "RNN,CHAR", "GRU,WORD", "LSTM,WORD"})
    void stepsExactlyLikeRnnTimeStep(CellType cell, Level level) {
        int vocabulary = 23;
        TextGenSettings settings = new TextGenSettings(level, 100, cell, 2, 16, 0.2, 8,
                new TrainSettings(1, 2, 11, 0.01, 1.0, 0, 5.0, 0, 10), 0, 0, false);
        MultiLayerNetwork net = TextGenNetwork.build(settings, vocabulary);
        // random weights of a realistic scale, also in the biases (initialised to zero)
        Random random = new Random(4);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, random.nextGaussian() * 0.4);
        }
        StreamStepper fast = StreamStepper.of(net);
        assertNotNull(fast, "supported network");
        MultiLayerStepModel dl4j = new MultiLayerStepModel(net, vocabulary, level == Level.WORD ? TokenInput.INDEX : TokenInput.ONE_HOT);
        fast.start(1);
        dl4j.start(1);
        for (int t = 0; t < 40; t++) {
            int[] token = {random.nextInt(vocabulary)};
            float[] expected = dl4j.step(token)[0];
            float[] actual = fast.step(token)[0];
            assertArrayEquals(expected, actual, 2e-4f, cell + " " + level + " step " + t);
        }
        assertTrue(fast.vocabularySize() == vocabulary);
    }
}
