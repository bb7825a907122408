package org.seqlab.sentiment;

import java.io.IOException;
import org.seqlab.common.bundle.LatencyProbe;
import org.seqlab.common.bundle.ModelBundle;

/** {@code seqlab bench --model DIR} on a sentiment bundle: one review sentence classified at a time. */
public final class SentimentLatencyProbe implements LatencyProbe {
    static final String SENTENCE = "The battery died after a day, and nobody at the store would replace it.";

    @Override
    public String task() {
        return SentimentClassifier.TASK;
    }

    @Override
    public Runnable prepare(ModelBundle bundle) throws IOException {
        SentimentClassifier classifier = SentimentClassifier.load(bundle);
        return () -> classifier.predict(SENTENCE);
    }
}
