package org.seqlab.spark;

import org.seqlab.common.train.EpochFitter;
import org.seqlab.common.train.EpochFitterFactory;
import org.seqlab.common.train.ScaleOutSettings;

/** Registers the Spark engine with common's trainer (META-INF/services). */
public final class SparkEpochFitterFactory implements EpochFitterFactory {
    @Override
    public EpochFitter create(ScaleOutSettings settings) {
        return new SparkEpochFitter(settings);
    }
}
