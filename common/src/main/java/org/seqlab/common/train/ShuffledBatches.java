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
 * With {@link #bucketed}, each run of {@value #BUCKET_BATCHES} batches is sorted by length before it is
 * cut, and the batches are then shuffled: batches of similar lengths need little padding, which DL4J's
 * LSTM would otherwise read as input (it ignores feature masks). {@link #bucketed(ToLongFunction, int)} with
 * {@link #WHOLE_EPOCH} sorts the whole shuffled epoch instead (fairseq's and OpenNMT's batching): the least padding,
 * the same batches up to ties in length from epoch to epoch, in a new order each epoch.
 */
public final class ShuffledBatches<T> implements BatchSource {
    private final List<T> examples;
    private final int batchSize;
    private final long seed;
    private final Function<List<T>, MultiDataSet> batcher;
    private final long tokens;
    private final ToLongFunction<T> lengthOf;
    private final int bucketBatches;
    static final int BUCKET_BATCHES = 20;
    /** A bucket as large as the epoch: see the class comment. */
    public static final int WHOLE_EPOCH = Integer.MAX_VALUE;

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
        this.lengthOf = null;
        this.bucketBatches = 0;
    }

    private ShuffledBatches(ShuffledBatches<T> source, ToLongFunction<T> lengthOf, int bucketBatches) {
        this.examples = source.examples;
        this.batchSize = source.batchSize;
        this.seed = source.seed;
        this.batcher = source.batcher;
        this.tokens = source.tokens;
        this.lengthOf = lengthOf;
        this.bucketBatches = bucketBatches;
    }

    /** The same examples in length-bucketed batches (see the class comment). */
    public ShuffledBatches<T> bucketed(ToLongFunction<T> lengthOf) {
        return bucketed(lengthOf, BUCKET_BATCHES);
    }

    /** The same examples in batches cut from runs of {@code bucketBatches} batches sorted by length. */
    public ShuffledBatches<T> bucketed(ToLongFunction<T> lengthOf, int bucketBatches) {
        if (bucketBatches < 1) {
            throw new IllegalArgumentException("a bucket holds at least one batch, got " + bucketBatches);
        }
        return new ShuffledBatches<>(this, lengthOf, bucketBatches);
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
        List<List<T>> batches = new ArrayList<>();
        int chunk = lengthOf == null ? order.size() : (int) Math.min(order.size(), (long) batchSize * bucketBatches);
        for (int start = 0; start < order.size(); start += chunk) {
            List<T> part = new ArrayList<>(order.subList(start, Math.min(order.size(), start + chunk)));
            if (lengthOf != null) {
                part.sort(java.util.Comparator.comparingLong(lengthOf));
            }
            for (int from = 0; from < part.size(); from += batchSize) {
                batches.add(part.subList(from, Math.min(part.size(), from + batchSize)));
            }
        }
        List<List<T>> batchOrder = lengthOf == null ? batches : shuffled(batches, ~(seed * 1_000_003L + epoch));
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batchOrder.size();
            }

            @Override
            public MultiDataSet next() {
                return batcher.apply(batchOrder.get(next++));
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
