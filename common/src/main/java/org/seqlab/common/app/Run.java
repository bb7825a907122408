package org.seqlab.common.app;

import java.nio.file.Path;

/**
 * One training run of a {@link RunPlan}: its position, the seed it trains with, a name for logs and reports
 * ("seed 43", "fold 2/5") and its own checkpoint folder (so that {@code --resume} continues each run).
 */
public record Run(int index, int count, long seed, String name, Path checkpoints) {
}
