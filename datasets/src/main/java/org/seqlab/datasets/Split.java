package org.seqlab.datasets;

import org.seqlab.common.app.SplitInfo;
import java.util.List;

/** A train / validation / test split and its description. */
public record Split<T>(List<T> train, List<T> validation, List<T> test, SplitInfo info) {
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }
}
