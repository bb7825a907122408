package org.seqlab.common.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqlab.common.rnn.CellType;

class GradientDiagnosticsTest {
    @Test
    void vanillaRnnJacobianVanishesFasterThanLstmsAtInitialisation() {
        // several initialisations: near DL4J's default scale the comparison is a tendency, not a law for every seed
        for (long seed = 1; seed <= 3; seed++) {
            GradientDiagnostics.Settings settings = new GradientDiagnostics.Settings(30, 32, 8, 16, 0, seed);
            GradientDiagnostics.CellResult rnn = GradientDiagnostics.run(CellType.RNN, settings);
            GradientDiagnostics.CellResult lstm = GradientDiagnostics.run(CellType.LSTM, settings);
            assertEquals(30, rnn.atInit().size());
            double rnnDecay = GradientDiagnostics.CellResult.decayPerStep(rnn.atInit());
            double lstmDecay = GradientDiagnostics.CellResult.decayPerStep(lstm.atInit());
            // geometric decay, as the lecture's bound ||dh_t/dh_k|| <= (gamma * sigma_max(W))^(t-k) predicts below one
            assertTrue(rnnDecay < 1, "seed " + seed + ": the vanilla RNN's Jacobian norm should vanish, factor " + rnnDecay);
            assertTrue(rnnDecay < lstmDecay, "seed " + seed + ": rnn " + rnnDecay + " vs lstm " + lstmDecay);
            assertTrue(rnn.atInit().get(29).norm() < lstm.atInit().get(29).norm(), "seed " + seed);
        }
    }

    @Test
    void trainingRecordsGradientNormsPerLayerAndChangesTheJacobian() {
        GradientDiagnostics.CellResult gru = GradientDiagnostics.run(CellType.GRU, new GradientDiagnostics.Settings(10, 8, 4, 4, 5, 42));
        assertEquals(2, gru.gradientNorms().size());
        for (double[] norms : gru.gradientNorms().values()) {
            assertEquals(5, norms.length);
            for (double n : norms) {
                assertTrue(n > 0 && Double.isFinite(n));
            }
        }
        assertEquals(5, gru.losses().length);
        assertNotEquals(gru.atInit().get(9).norm(), gru.afterTraining().get(9).norm());
    }
}
