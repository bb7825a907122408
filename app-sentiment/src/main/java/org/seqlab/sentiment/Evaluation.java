package org.seqlab.sentiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.seqlab.common.metrics.ClassificationMetrics;
import org.seqlab.datasets.LabeledText;

/** A model's predictions on labelled texts, with the metrics and the views the report shows. */
record Evaluation(ClassificationMetrics metrics, List<Item> items) {

    record Item(LabeledText example, int gold, SentimentClassifier.Prediction prediction) {
        boolean correct() {
            return gold == prediction.labelIndex();
        }
    }

    /** Accuracy of the texts whose token count falls in [min, max]. */
    record LengthBucket(String name, int min, int max, int count, double accuracy) {
    }

    static Evaluation of(SentimentClassifier model, List<LabeledText> examples) {
        List<String> texts = new ArrayList<>(examples.size());
        examples.forEach(e -> texts.add(e.text()));
        List<SentimentClassifier.Prediction> predictions = model.classify(texts);
        List<String> labels = model.labels();
        int[] gold = new int[examples.size()];
        int[] predicted = new int[examples.size()];
        double[] positive = labels.size() == 2 ? new double[examples.size()] : null;
        List<Item> items = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            gold[i] = labels.indexOf(examples.get(i).label());
            if (gold[i] < 0) {
                throw new org.seqlab.common.error.BadInputException("label '" + examples.get(i).label()
                        + "' is not one the model knows " + labels);
            }
            predicted[i] = predictions.get(i).labelIndex();
            if (positive != null) {
                positive[i] = predictions.get(i).probabilities()[1];
            }
            items.add(new Item(examples.get(i), gold[i], predictions.get(i)));
        }
        return new Evaluation(ClassificationMetrics.of(labels, gold, predicted, positive), items);
    }

    /** Mean cross-entropy of the gold labels, the loss the network trains on (probabilities floored at 1e-10). */
    double crossEntropy() {
        double sum = 0;
        for (Item item : items) {
            sum -= Math.log(Math.max(item.prediction().probabilities()[item.gold()], 1e-10));
        }
        return items.isEmpty() ? Double.NaN : sum / items.size();
    }

    /** The wrong predictions the model was surest of. */
    List<Item> confidentMistakes(int count) {
        return items.stream().filter(i -> !i.correct())
                .sorted(Comparator.comparingDouble((Item i) -> i.prediction().confidence()).reversed())
                .limit(count).toList();
    }

    List<LengthBucket> accuracyByLength() {
        int[][] ranges = {{1, 5}, {6, 10}, {11, 15}, {16, 20}, {21, 30}, {31, Integer.MAX_VALUE}};
        List<LengthBucket> out = new ArrayList<>();
        for (int[] r : ranges) {
            List<Item> in = items.stream()
                    .filter(i -> i.prediction().tokens() >= r[0] && i.prediction().tokens() <= r[1]).toList();
            if (!in.isEmpty()) {
                double accuracy = in.stream().filter(Item::correct).count() / (double) in.size();
                String name = r[1] == Integer.MAX_VALUE ? r[0] + "+" : r[0] + "-" + r[1];
                out.add(new LengthBucket(name, r[0], r[1], in.size(), accuracy));
            }
        }
        return out;
    }
}
