package org.seqlab.common.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqlab.common.rnn.CellType;

class GradientDiagnosticsTest {
    private static final GradientDiagnostics.Settings SETTINGS = new GradientDiagnostics.Settings(30, 32, 8, 16, 60, 42);

    @Test
    void vanillaRnnJacobianVanishesFasterThanLstmsAfterALittleTraining() {
        GradientDiagnostics.CellResult rnn = GradientDiagnostics.run(CellType.RNN, SETTINGS);
        GradientDiagnostics.CellResult lstm = GradientDiagnostics.run(CellType.LSTM, SETTINGS);
        assertEquals(30, rnn.atInit().size());
        assertEquals(30, rnn.afterTraining().size());
        double rnnDecay = GradientDiagnostics.CellResult.decayPerStep(rnn.afterTraining());
        double lstmDecay = GradientDiagnostics.CellResult.decayPerStep(lstm.afterTraining());
        // geometric decay, as the lecture's bound ||dh_t/dh_k|| <= (gamma * lambda_max)^(t-k) predicts once it is below one
        assertTrue(rnnDecay < 1, "the vanilla RNN's Jacobian norm should vanish, factor " + rnnDecay);
        assertTrue(rnnDecay < lstmDecay, "rnn " + rnnDecay + " vs lstm " + lstmDecay);
        assertTrue(rnn.afterTraining().get(29).norm() < lstm.afterTraining().get(29).norm());
        for (double[] norms : rnn.gradientNorms().values()) {
            assertEquals(60, norms.length);
            for (double n : norms) {
                assertTrue(n > 0 && Double.isFinite(n));
            }
        }
    }
}
