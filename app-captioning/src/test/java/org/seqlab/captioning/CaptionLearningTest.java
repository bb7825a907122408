package org.seqlab.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModels;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainingResult;

/** The toy shapes are captioned exactly on held-out placements, by Show and Tell and by soft attention. */
class CaptionLearningTest {
    @TempDir
    static Path dir;
    static ToyShapes.Sets sets;
    static List<BufferedImage> trainPictures;
    static List<BufferedImage> testPictures;

    @BeforeAll
    static void draw() throws IOException {
        System.setProperty("seqlab.quiet", "true");
        sets = ToyShapes.write(dir.resolve("shapes"));
        trainPictures = CaptionTraining.pictures(sets.train(), ToyShapes.SIZE, "train");
        testPictures = CaptionTraining.pictures(sets.test(), ToyShapes.SIZE, "test");
    }

    private static CaptionTraining.Result train(String attention, CellType cell, int epochs, String name) throws IOException {
        return CaptionTraining.train(sets.train(), trainPictures, sets.test(), testPictures,
                ToyShapes.settings(attention, cell), ToyShapes.training(epochs), dir.resolve(name), false,
                org.seqlab.common.train.ScaleOutSettings.LOCAL, 0);
    }

    private static List<String> captions(CaptionModel model, int beam) {
        List<String> out = new ArrayList<>();
        for (BufferedImage picture : testPictures) {
            out.add(model.text(model.describe(model.loader().toArray(picture), beam, 1).get(0)));
        }
        return out;
    }

    private static List<String> expected() {
        return sets.test().stream().map(e -> e.references().get(0)).toList();
    }

    @Test
    void showAndTellLearnsTheShapesAndSurvivesABundleRoundTrip() throws IOException {
        CaptionTraining.Result result = train("none", CellType.LSTM, 20, "plain");
        TrainingResult<?> training = result.training();
        assertTrue(training.history().get(training.history().size() - 1).trainLoss() < training.history().get(0).trainLoss() / 4,
                "loss should fall: " + training.history());
        CaptionModel model = result.model();
        assertEquals(expected(), captions(model, 3));
        assertEquals(expected(), captions(model, 1));

        Path bundle = dir.resolve("bundle");
        ModelBundle.Writer writer = ModelBundle.writer(CaptionModel.TASK).data("toy shapes");
        model.addTo(writer);
        writer.write(bundle);
        TaskModel<?, ?> loaded = TaskModels.load(bundle);
        assertTrue(loaded instanceof CaptionModel);
        CaptionModel reloaded = (CaptionModel) loaded;
        assertEquals(captions(model, 3), captions(reloaded, 3));
        CaptionModel.Image image = reloaded.parse(sets.test().get(0).image().toString());
        List<Hypothesis> before = model.describe(image.pixels(), 3, 2);
        List<Hypothesis> after = reloaded.withDecoding(3, 2, CaptionModel.DEFAULT_LENGTH_ALPHA).predict(List.of(image)).get(0);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).tokens(), after.get(i).tokens());
            assertEquals(before.get(i).logProb(), after.get(i).logProb(), 1e-5);
        }
    }

    @Test
    void softAttentionLearnsTheShapesAndKeepsItsWeights() throws IOException {
        CaptionModel model = train("soft", CellType.GRU, 25, "attention").model();
        assertEquals(expected(), captions(model, 3));
        float[] pixels = model.loader().toArray(testPictures.get(0));
        Hypothesis caption = model.describe(pixels, 3, 1).get(0);
        double[][] alpha = model.attention(pixels, caption);
        CaptionNetwork.Grid grid = CaptionNetwork.grid(model.graph(), ToyShapes.SIZE);
        assertEquals(caption.tokens().size() + 1, alpha.length);
        for (double[] row : alpha) {
            assertEquals(grid.regions(), row.length);
            double sum = 0;
            for (double a : row) {
                assertTrue(a >= 0);
                sum += a;
            }
            assertEquals(1.0, sum, 1e-4);
        }
    }
}
