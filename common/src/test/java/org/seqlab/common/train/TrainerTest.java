package org.seqlab.common.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.testing.TinyTask;

class TrainerTest {
    static final List<int[]> TRAIN = TinyTask.sequences(256, 1);
    static final List<int[]> VALIDATION = TinyTask.sequences(128, 2);

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        System.setProperty("seqlab.quiet", "true");
    }

    static BatchSource source() {
        return new ShuffledBatches<>(TRAIN, 32, 7, TinyTask::batch, s -> s.length);
    }

    static Validator accuracy() {
        return m -> Map.of("accuracy", TinyTask.accuracy((MultiLayerNetwork) m.network(), VALIDATION));
    }

    TrainerConfig config(int epochs, int patience, boolean resume) {
        return new TrainerConfig(epochs, patience, "accuracy", true, dir.resolve("ckpt"), resume, "tiny-v1");
    }

    @Test
    void learnsKeepsTheBestModelAndLogsEveryEpoch() throws Exception {
        TrainingResult<?> result = new Trainer(config(6, 0, false))
                .train(Trainables.of(TinyTask.network(3)), source(), accuracy());
        List<EpochRecord> h = result.history();
        assertEquals(6, h.size());
        assertTrue(h.get(5).trainLoss() < h.get(0).trainLoss() * 0.8, "training loss falls: " + h);
        double bestSeen = h.stream().mapToDouble(r -> r.validation().get("accuracy")).max().orElseThrow();
        assertEquals(bestSeen, h.get(result.bestEpoch() - 1).validation().get("accuracy"));
        assertEquals(bestSeen, TinyTask.accuracy((MultiLayerNetwork) result.best().network(), VALIDATION), 1e-9,
                "the returned model is the best epoch's");
        assertTrue(bestSeen > 0.75, "beats the majority rate clearly: " + bestSeen);
        List<String> log = Files.readAllLines(dir.resolve("ckpt").resolve(Trainer.LOG_FILE));
        assertEquals("epoch,train_loss,val_accuracy,tokens_per_second,seconds,learning_rate,share_of_epoch", log.get(0));
        assertEquals(7, log.size());
        assertTrue(h.stream().allMatch(r -> r.share() == 1 && !r.partial()), "every epoch was whole: " + h);
        assertTrue(result.tokensPerSecond() > 0);
        assertFalse(result.budgetUsedUp(), "no budget was set");
    }

    @Test
    void interruptedRunResumesToTheSameResultAsAnUninterruptedOne() throws Exception {
        TrainingResult<?> straight = new Trainer(new TrainerConfig(4, 0, "loss", false, dir.resolve("a"), false, "x"))
                .train(Trainables.of(TinyTask.network(5)), source(), null);

        TrainerConfig crashing = new TrainerConfig(4, 0, "loss", false, dir.resolve("b"), false, "x");
        EpochFitter diesInEpochThree = (model, source, epoch, progress) -> {
            if (epoch == 3) {
                var batches = source.epoch(epoch);
                model.fit(batches.next());
                throw new IllegalStateException("killed mid-epoch");
            }
            return new LocalEpochFitter().fit(model, source, epoch, progress);
        };
        assertThrows(IllegalStateException.class,
                () -> new Trainer(crashing, diesInEpochThree).train(Trainables.of(TinyTask.network(5)), source(), null));

        TrainerConfig resume = new TrainerConfig(4, 0, "loss", false, dir.resolve("b"), true, "x");
        // a fresh network with other weights: everything must come from the checkpoint
        TrainingResult<?> resumed = new Trainer(resume).train(Trainables.of(TinyTask.network(99)), source(), null);

        assertEquals(2, resumed.resumedAfterEpoch());
        assertEquals(4, resumed.history().size());
        for (int i = 0; i < 4; i++) {
            assertEquals(straight.history().get(i).trainLoss(), resumed.history().get(i).trainLoss(), 1e-5,
                    "epoch " + (i + 1));
        }
        float[] a = ((MultiLayerNetwork) straight.best().network()).params().toFloatVector();
        float[] b = ((MultiLayerNetwork) resumed.best().network()).params().toFloatVector();
        assertArrayEquals(a, b, 1e-4f);
    }

    @Test
    void aTimeBudgetEndsTrainingWithinAnEpochAndCountsAcrossAResume() throws Exception {
        // each batch takes at least 30 ms: a 0.2 s budget ends the first epoch (8 batches) early
        java.util.concurrent.atomic.AtomicInteger fitted = new java.util.concurrent.atomic.AtomicInteger();
        EpochFitter slow = (model, source, epoch, progress) -> new LocalEpochFitter().fit(new TrainableModel() {
            @Override
            public double fit(org.nd4j.linalg.dataset.api.MultiDataSet batch) {
                fitted.incrementAndGet();
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return model.fit(batch);
            }

            @Override
            public void setEpoch(int e) {
                model.setEpoch(e);
            }

            @Override
            public void save(Path file, boolean withUpdater) throws java.io.IOException {
                model.save(file, withUpdater);
            }

            @Override
            public Object network() {
                return model.network();
            }
        }, source, epoch, progress);
        TrainerConfig budget = new TrainerConfig(5, 0, "loss", false, dir.resolve("t"), false, "t", 0.2);
        TrainingResult<?> result = new Trainer(budget, slow).train(Trainables.of(TinyTask.network(5)), source(), null);
        assertEquals(1, result.history().size(), "stopped in the first epoch");
        assertTrue(result.budgetUsedUp(), "the result says why training ended");
        // counted, not timed: on a loaded machine the first fit alone may take longer than the budget
        assertTrue(fitted.get() < source().batchesPerEpoch(), fitted + " of " + source().batchesPerEpoch() + " batches");
        assertEquals(fitted.get() / (double) source().batchesPerEpoch(), result.history().get(0).share(), 1e-9,
                "the record says how much of the epoch was fitted");
        assertTrue(result.history().get(0).partial());
        TrainerConfig resumed = new TrainerConfig(5, 0, "loss", false, dir.resolve("t"), true, "t", 0.2);
        assertEquals(1, new Trainer(resumed, slow).train(Trainables.of(TinyTask.network(5)), source(), null)
                .history().size(), "the budget was used up before the resume");
    }

    @Test
    void aRunKilledInEpochFourAndResumedEqualsTheUninterruptedRunWithDropout() throws Exception {
        // 6 epochs; the interrupted run dies in epoch 4 after its epoch-3 checkpoint, in another "process":
        // its fresh network (other seed) has reseeded ND4J's global generator, as a new JVM would have
        TrainingResult<?> straight = new Trainer(new TrainerConfig(6, 0, "accuracy", true, dir.resolve("a"), false, "d"))
                .train(Trainables.of(TinyTask.network(5, 0.3)), source(), accuracy());

        TrainerConfig first = new TrainerConfig(6, 0, "accuracy", true, dir.resolve("b"), false, "d");
        EpochFitter killedInEpochFour = (model, source, epoch, progress) -> {
            if (epoch == 4) {
                var batches = source.epoch(epoch);
                model.fit(batches.next());
                model.fit(batches.next());
                throw new IllegalStateException("killed mid-epoch");
            }
            return new LocalEpochFitter().fit(model, source, epoch, progress);
        };
        assertThrows(IllegalStateException.class, () -> new Trainer(first, killedInEpochFour)
                .train(Trainables.of(TinyTask.network(5, 0.3)), source(), accuracy()));
        TrainingResult<?> resumed = new Trainer(new TrainerConfig(6, 0, "accuracy", true, dir.resolve("b"), true, "d"))
                .train(Trainables.of(TinyTask.network(99, 0.3)), source(), accuracy());

        assertEquals(3, resumed.resumedAfterEpoch());
        for (int i = 0; i < 6; i++) {
            assertEquals(straight.history().get(i).trainLoss(), resumed.history().get(i).trainLoss(), 0.0,
                    "training loss of epoch " + (i + 1));
            assertEquals(straight.history().get(i).validation(), resumed.history().get(i).validation(),
                    "validation of epoch " + (i + 1));
        }
        assertEquals(straight.bestEpoch(), resumed.bestEpoch());
        assertArrayEquals(((MultiLayerNetwork) straight.best().network()).params().toFloatVector(),
                ((MultiLayerNetwork) resumed.best().network()).params().toFloatVector(), 0f);
    }

    @Test
    void aTruncatedCheckpointStateIsBadInput() throws Exception {
        new Trainer(config(1, 0, false)).train(Trainables.of(TinyTask.network(3)), source(), accuracy());
        Path state = dir.resolve("ckpt").resolve(Trainer.STATE_FILE);
        String json = Files.readString(state);
        Files.writeString(state, json.substring(0, json.length() / 2));
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Trainer(config(2, 0, true)).train(Trainables.of(TinyTask.network(3)), source(), accuracy()));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        Files.writeString(state, json.replaceAll("epoch-1\\.zip", "../../etc/passwd"));
        assertThrows(BadInputException.class,
                () -> new Trainer(config(2, 0, true)).train(Trainables.of(TinyTask.network(3)), source(), accuracy()));
    }

    @Test
    void aKillMidWriteLeavesNoTemporariesForTheNextRun() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        Files.createDirectories(ckpt);
        // what a process killed while writing a checkpoint leaves (pid 2^22 + 1 is above Linux's pid_max)
        Path leftover = ckpt.resolve(".epoch-2.zip.seqlab-4194305-123.tmp");
        Files.writeString(leftover, "half a checkpoint");
        new Trainer(config(1, 0, false)).train(Trainables.of(TinyTask.network(3)), source(), accuracy());
        assertFalse(Files.exists(leftover));
        try (var files = Files.list(ckpt)) {
            assertEquals(List.of("best-epoch-1.zip", "epoch-1.zip", "state.json", "training-log.csv"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /** A small LSTM classifier of TinyTask's sequences with the options' optimiser settings. */
    private static MultiLayerNetwork lstmClassifier(org.seqlab.common.cli.TrainOptions options) {
        MultiLayerNetwork net = new MultiLayerNetwork(org.seqlab.common.rnn.TrainingConfigs.apply(
                org.seqlab.common.rnn.TrainingConfigs.builder(options.settings()).list()
                        .layer(new org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep(
                                new org.deeplearning4j.nn.conf.layers.LSTM.Builder().nIn(2).nOut(4).build()))
                        .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(4).nOut(2)
                                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build()), options.settings()).build());
        net.init();
        return net;
    }

    @Test
    void perEpochLearningRateDecayAdvancesWithTheTrainersEpochs() throws Exception {
        org.seqlab.common.cli.TrainOptions options = new org.seqlab.common.cli.TrainOptions();
        options.learningRate = 0.01;
        options.learningRateDecay = 0.5;
        MultiLayerNetwork net = lstmClassifier(options);
        TrainingResult<?> result = new Trainer(new TrainerConfig(3, 0, "loss", false, dir.resolve("lr"), false, "lr"))
                .train(Trainables.of(net), source(), null);
        assertEquals(List.of(0.01, 0.005, 0.0025), result.history().stream().map(EpochRecord::learningRate).toList(),
                "the log records the scheduled rate of each epoch");
        // the third epoch ran with epoch count 2: 0.01 * 0.5^2
        assertEquals(0.0025, net.getLearningRate(0), 1e-9);
    }

    @Test
    void aPlateauHalvesTheLearningRateAndAResumedRunKeepsTheLoweredRate() throws Exception {
        org.seqlab.common.cli.TrainOptions options = new org.seqlab.common.cli.TrainOptions();
        options.learningRate = 0.01;
        MultiLayerNetwork net = lstmClassifier(options);
        // the metric never improves after epoch 1: epochs 2 and 3 each halve the rate
        Validator<MultiLayerNetwork> flat = m -> Map.of("accuracy", 0.5);
        Path ckpt = dir.resolve("plateau");
        TrainerConfig config = new TrainerConfig(3, 0, "accuracy", true, ckpt, false, "plateau").withPlateauDecay(0.5);
        TrainingResult<?> first = new Trainer(config).train(Trainables.of(net), source(), flat);
        // epoch 1 sets the best; each later epoch halves the rate for the next
        assertEquals(List.of(0.01, 0.01, 0.005),
                first.history().stream().map(EpochRecord::learningRate).toList(), "each epoch records the rate it ran at");
        assertTrue(Files.readString(ckpt.resolve(Trainer.LOG_FILE)).lines().skip(3).findFirst().orElseThrow()
                .endsWith(",0.005000,1.000"), "the training log has the rate, then the share of the epoch fitted");
        for (int layer = 0; layer < 2; layer++) {
            assertEquals(0.0025, net.getLearningRate(layer), 1e-12, "every layer's rate, layer " + layer);
        }
        MultiLayerNetwork saved = MultiLayerNetwork.load(ckpt.resolve("epoch-3.zip").toFile(), true);
        assertEquals(0.0025, saved.getLearningRate(0), 1e-12, "the checkpoint holds the lowered rate");

        TrainerConfig longer = new TrainerConfig(4, 0, "accuracy", true, ckpt, true, "plateau").withPlateauDecay(0.5);
        TrainingResult<?> resumed = new Trainer(longer).train(Trainables.of(net), source(), flat);
        assertEquals(3, resumed.resumedAfterEpoch());
        assertEquals(0.00125, ((MultiLayerNetwork) Trainables.load(ckpt.resolve("epoch-4.zip"), Trainables.MULTI_LAYER,
                true).network()).getLearningRate(0), 1e-12, "the resumed run halved the checkpoint's rate again");
        assertEquals(0.0025, resumed.history().get(3).learningRate(), 1e-12, "the resumed epoch ran at the saved rate");
    }

    @Test
    void aCosineAnnealsTheRateOverTheEpochsAndAResumedRunContinuesOnIt() throws Exception {
        org.seqlab.common.cli.TrainOptions options = new org.seqlab.common.cli.TrainOptions();
        options.learningRate = 0.01;
        options.learningRateDecay = 0.5;
        Path ckpt = dir.resolve("cosine");
        TrainerConfig twoOfFour = new TrainerConfig(2, 0, "loss", false, ckpt, false, "cosine").withCosineAnnealing(0.01);
        new Trainer(twoOfFour).train(Trainables.of(lstmClassifier(options)), source(), null);
        TrainerConfig four = new TrainerConfig(4, 0, "loss", false, ckpt, true, "cosine").withCosineAnnealing(0.01);
        TrainingResult<?> result = new Trainer(four).train(Trainables.of(lstmClassifier(options)), source(), null);
        assertEquals(2, result.resumedAfterEpoch());
        double[] expected = {0.01, 0.01 * (1 + Math.cos(Math.PI / 4)) / 2, 0.005, 0.01 * (1 + Math.cos(3 * Math.PI / 4)) / 2};
        // the first two epochs ran in a shorter run: its cosine was over 2 epochs, so epoch 2 ran at 0.005
        assertEquals(0.01, result.history().get(0).learningRate(), 1e-12);
        assertEquals(0.005, result.history().get(1).learningRate(), 1e-12);
        for (int epoch = 3; epoch <= 4; epoch++) {
            assertEquals(expected[epoch - 1], result.history().get(epoch - 1).learningRate(), 1e-12,
                    "epoch " + epoch + " at the cosine's rate, not the --lr-decay schedule's");
        }
        TrainerConfig budget = new TrainerConfig(100, 0, "loss", false, ckpt, false, "cosine", 60).withCosineAnnealing(0.01);
        assertEquals(0.005, budget.cosineRate(2, 30), 1e-12, "half the budget used: half the rate, whatever the epochs");
        assertEquals(0.0, budget.cosineRate(3, 90), 1e-12, "past the budget the rate stays at 0");
        assertEquals(0.005, four.cosineRate(3, 1000), 1e-12, "without a budget only the epochs count");
    }

    /** 500 sequences of lengths 1-60 in batches of 25; each batch's examples are added to {@code seen} when it is made. */
    private static ShuffledBatches<int[]> recordingBatches(java.util.List<java.util.List<int[]>> seen) {
        java.util.List<int[]> varied = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            varied.add(new int[1 + (i * 7919) % 60]);
        }
        return new ShuffledBatches<>(varied, 25, 5, b -> {
            seen.add(b);
            return TinyTask.batch(java.util.List.of(new int[TinyTask.LENGTH]));
        }, s -> s.length);
    }

    /** How many different example objects the batches hold. */
    private static int distinctExamples(java.util.List<java.util.List<int[]>> batches) {
        return batches.stream().flatMap(java.util.List::stream)
                .collect(java.util.stream.Collectors.toCollection(() -> java.util.Collections.newSetFromMap(
                        new java.util.IdentityHashMap<>()))).size();
    }

    @Test
    void bucketedBatchesCoverEveryExampleOnceWithLittlePaddingAndAFixedOrder() {
        java.util.List<java.util.List<int[]>> seen = new java.util.ArrayList<>();
        ShuffledBatches<int[]> plain = recordingBatches(seen);
        ShuffledBatches<int[]> bucketed = plain.bucketed(s -> s.length);
        bucketed.epoch(1).forEachRemaining(b -> { });
        java.util.List<java.util.List<int[]>> first = new java.util.ArrayList<>(seen);
        assertEquals(20, first.size());
        assertEquals(500, first.stream().mapToInt(java.util.List::size).sum());
        assertEquals(500, distinctExamples(first), "every example exactly once");
        long padded = first.stream().mapToLong(b -> {
            int max = b.stream().mapToInt(x -> x.length).max().orElse(0);
            return b.stream().mapToLong(x -> max - x.length).sum();
        }).sum();
        seen.clear();
        plain.epoch(1).forEachRemaining(b -> { });
        long plainPadded = seen.stream().mapToLong(b -> {
            int max = b.stream().mapToInt(x -> x.length).max().orElse(0);
            return b.stream().mapToLong(x -> max - x.length).sum();
        }).sum();
        assertTrue(padded * 5 < plainPadded, "bucketing cuts padding: " + padded + " vs " + plainPadded);
        seen.clear();
        bucketed.epoch(1).forEachRemaining(b -> { });
        assertEquals(first, seen, "the same epoch gives the same batches");
    }

    @Test
    void bucketsAsLargeAsTheEpochGiveNonOverlappingLengthsInANewOrderEachEpoch() {
        java.util.List<java.util.List<int[]>> seen = new java.util.ArrayList<>();
        ShuffledBatches<int[]> sorted = recordingBatches(seen).bucketed(s -> s.length, ShuffledBatches.WHOLE_EPOCH);
        sorted.epoch(1).forEachRemaining(b -> { });
        java.util.List<java.util.List<int[]>> first = new java.util.ArrayList<>(seen);
        assertEquals(500, distinctExamples(first), "every example exactly once");
        java.util.List<int[]> ranges = first.stream().map(b -> new int[] {
                b.stream().mapToInt(x -> x.length).min().orElseThrow(), b.stream().mapToInt(x -> x.length).max().orElseThrow()})
                .sorted(java.util.Comparator.comparingInt(r -> r[0])).toList();
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(ranges.get(i - 1)[1] <= ranges.get(i)[0], "batches cut from one sorted epoch do not overlap in length");
        }
        seen.clear();
        sorted.epoch(2).forEachRemaining(b -> { });
        assertNotEquals(first.stream().map(b -> b.get(0).length).toList(), seen.stream().map(b -> b.get(0).length).toList(),
                "the batches come in a new order in the next epoch");
    }

    @Test
    void stopsEarlyWhenTheMetricStopsImproving() throws Exception {
        Validator<MultiLayerNetwork> flat = m -> Map.of("accuracy", 0.5);
        TrainingResult<?> result = new Trainer(config(10, 2, false)).train(Trainables.of(TinyTask.network(3)), source(), flat);
        assertEquals(3, result.history().size(), "best at epoch 1, then 2 epochs of patience");
        assertTrue(result.stoppedEarly());
        assertEquals(1, result.bestEpoch());
    }

    @Test
    void refusesToResumeACheckpointMadeWithOtherSettings() throws Exception {
        new Trainer(config(1, 0, false)).train(Trainables.of(TinyTask.network(3)), source(), accuracy());
        TrainerConfig other = new TrainerConfig(2, 0, "accuracy", true, dir.resolve("ckpt"), true, "tiny-v2");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Trainer(other).train(Trainables.of(TinyTask.network(3)), source(), accuracy()));
        assertTrue(e.getMessage().contains("other settings"));
        assertFalse(e.getMessage().contains("\n"));
    }

    /**
     * Fits like {@link LocalEpochFitter} and keeps, beside the trainer, its own moving average of the parameters
     * after each step (share {@code decay}, warm-up {@code 1 - (t + 1) / (t + 10)}), one copy per finished epoch.
     */
    static EpochFitter averagingByHand(double decay, List<float[]> averageAtEpochEnd) {
        float[][] average = {null};
        long[] steps = {0};
        return (model, source, epoch, progress) -> {
            MultiLayerNetwork net = (MultiLayerNetwork) model.network();
            if (average[0] == null) {
                average[0] = net.params().toFloatVector();
            }
            long start = System.nanoTime();
            double lossSum = 0;
            int batches = 0;
            for (var it = source.epoch(epoch); it.hasNext(); batches++) {
                lossSum += model.fit(it.next());
                steps[0]++;
                double share = Math.max(decay, 1 - (steps[0] + 1.0) / (steps[0] + 10.0));
                float[] p = net.params().toFloatVector();
                for (int i = 0; i < p.length; i++) {
                    average[0][i] = (float) ((1 - share) * average[0][i] + share * p[i]);
                }
            }
            averageAtEpochEnd.add(average[0].clone());
            return new EpochFitter.EpochStats(lossSum / batches, batches, (System.nanoTime() - start) / 1e9);
        };
    }

    @Test
    void parameterAveragingValidatesAndKeepsTheMovingAverageWhileTrainingGoesOnFromTheOwnParameters() throws Exception {
        List<float[]> byHand = new java.util.ArrayList<>();
        TrainingResult<?> averaged = new Trainer(config(4, 0, false).withParameterAveraging(0.05),
                averagingByHand(0.05, byHand)).train(Trainables.of(TinyTask.network(3)), source(), accuracy());
        TrainingResult<?> plain = new Trainer(new TrainerConfig(4, 0, "accuracy", true, dir.resolve("plain"), false,
                "tiny-v1")).train(Trainables.of(TinyTask.network(3)), source(), accuracy());

        assertEquals(4, byHand.size());
        for (int e = 0; e < 4; e++) {
            assertEquals(plain.history().get(e).trainLoss(), averaged.history().get(e).trainLoss(), 1e-6,
                    "the steps are the same with or without the average: epoch " + (e + 1));
            MultiLayerNetwork check = TinyTask.network(3);
            check.setParams(org.nd4j.linalg.factory.Nd4j.create(byHand.get(e), new long[] {1, byHand.get(e).length}));
            assertEquals(TinyTask.accuracy(check, VALIDATION), averaged.history().get(e).validation().get("accuracy"), 1e-9,
                    "epoch " + (e + 1) + " is validated with the average");
        }
        float[] kept = ((MultiLayerNetwork) averaged.best().network()).params().toFloatVector();
        assertArrayEquals(byHand.get(averaged.bestEpoch() - 1), kept, 1e-5f, "the kept model is the best epoch's average");
        float[] own = ((MultiLayerNetwork) plain.best().network()).params().toFloatVector();
        assertFalse(java.util.Arrays.equals(own, kept), "the average is not the network's own parameters");
    }

    @Test
    void anAveragedRunResumesToTheSameAverageAsAnUninterruptedOne() throws Exception {
        TrainingResult<?> straight = new Trainer(new TrainerConfig(4, 0, "loss", false, dir.resolve("a"), false, "x")
                .withParameterAveraging(0.05)).train(Trainables.of(TinyTask.network(5)), source(), null);
        TrainerConfig crashing = new TrainerConfig(4, 0, "loss", false, dir.resolve("b"), false, "x")
                .withParameterAveraging(0.05);
        EpochFitter diesInEpochThree = (model, source, epoch, progress) -> {
            if (epoch == 3) {
                throw new IllegalStateException("killed");
            }
            return new LocalEpochFitter().fit(model, source, epoch, progress);
        };
        assertThrows(IllegalStateException.class,
                () -> new Trainer(crashing, diesInEpochThree).train(Trainables.of(TinyTask.network(5)), source(), null));
        assertTrue(Files.exists(dir.resolve("b").resolve("average-epoch-2.bin")), "the checkpoint holds the average");

        TrainerConfig withoutAverage = new TrainerConfig(4, 0, "loss", false, dir.resolve("b"), true, "x");
        BadInputException e = assertThrows(BadInputException.class,
                () -> new Trainer(withoutAverage).train(Trainables.of(TinyTask.network(5)), source(), null));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());

        TrainerConfig resume = new TrainerConfig(4, 0, "loss", false, dir.resolve("b"), true, "x")
                .withParameterAveraging(0.05);
        // a fresh network with other weights: the parameters and their average come from the checkpoint
        TrainingResult<?> resumed = new Trainer(resume).train(Trainables.of(TinyTask.network(99)), source(), null);
        assertEquals(2, resumed.resumedAfterEpoch());
        assertArrayEquals(((MultiLayerNetwork) straight.best().network()).params().toFloatVector(),
                ((MultiLayerNetwork) resumed.best().network()).params().toFloatVector(), 1e-5f);
    }

    @Test
    void parameterAveragingRefusesAnEngineThatFitsCopiesElsewhere() {
        EpochFitter remote = new EpochFitter() {
            @Override
            public EpochStats fit(TrainableModel<?> model, BatchSource source, int epoch, org.seqlab.common.progress.Progress p) {
                throw new AssertionError("never reached");
            }

            @Override
            public boolean fitsTheGivenModel() {
                return false;
            }
        };
        BadInputException e = assertThrows(BadInputException.class, () -> new Trainer(
                config(2, 0, false).withParameterAveraging(0.01), remote).train(Trainables.of(TinyTask.network(3)), source(), accuracy()));
        assertTrue(e.getMessage().contains("--spark"), e.getMessage());
    }
}
