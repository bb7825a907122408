package org.seqlab.common.train;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Examples shuffled afresh each epoch with a generator seeded by (seed, epoch), then cut into
 * mini-batches that {@code batcher} turns into arrays lazily, so only one batch is in memory at a time.
 */
public final class ShuffledBatches<T> implements BatchSource {
    private final List<T> examples;
    private final int batchSize;
    private final long seed;
    private final Function<List<T>, MultiDataSet> batcher;
    private final long tokens;

    public ShuffledBatches(List<T> examples, int batchSize, long seed, Function<List<T>, MultiDataSet> batcher,
                           ToLongFunction<T> tokensOf) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.seed = seed;
        this.batcher = batcher;
        this.tokens = examples.stream().mapToLong(tokensOf).sum();
    }

    @Override
    public int batchesPerEpoch() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    @Override
    public long tokensPerEpoch() {
        return tokens;
    }

    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        List<T> order = shuffled(examples, seed * 1_000_003L + epoch);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public MultiDataSet next() {
                List<T> batch = order.subList(next, Math.min(order.size(), next + batchSize));
                next += batchSize;
                return batcher.apply(batch);
            }
        };
    }

    /** Fisher-Yates with a SplittableRandom: the same order on every JVM and platform. */
    public static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return copy;
    }
}
