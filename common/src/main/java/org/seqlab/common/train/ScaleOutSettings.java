package org.seqlab.common.train;

import org.seqlab.common.error.BadInputException;

/**
 * Where the epochs are fitted: in this JVM ({@link #LOCAL}), or data-parallel on a cluster engine with
 * parameter averaging.
 *
 * @param master             the cluster's master, passed through to the engine ({@code local[N]},
 *                           {@code spark://host:port}, {@code yarn}, {@code k8s://...}); null trains in this JVM
 * @param averagingFrequency mini-batches each worker fits between two averagings of the parameters
 * @param workers            parallel workers (0 = as many as the cluster offers cores)
 * @param batchPerWorker     examples in each worker's mini-batch (0 = the training batch size)
 */
public record ScaleOutSettings(String master, int averagingFrequency, int workers, int batchPerWorker) {
    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;
    public static final ScaleOutSettings LOCAL = new ScaleOutSettings(null, DEFAULT_AVERAGING_FREQUENCY, 0, 0);

    public ScaleOutSettings {
        if (master != null && master.isBlank()) {
            throw new BadInputException("--spark needs a master such as local[2], spark://host:7077 or yarn");
        }
        if (averagingFrequency < 1 || averagingFrequency > 10_000) {
            throw new BadInputException("--averaging-frequency must be between 1 and 10000, got " + averagingFrequency);
        }
        if (workers < 0 || workers > 100_000) {
            throw new BadInputException("--workers must be between 0 (all cores) and 100000, got " + workers);
        }
        if (batchPerWorker < 0 || batchPerWorker > 65_536) {
            throw new BadInputException("--batch-per-worker must be between 0 (= --batch) and 65536, got " + batchPerWorker);
        }
    }

    public boolean isLocal() {
        return master == null;
    }
}
