package org.seqlab.captioning;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.image.ImageLoader;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.BatchSource;
import org.seqlab.common.train.ShuffledBatches;

/**
 * Training batches of (image, one reference caption) pairs: every reference of an image is a pair of its own.
 * A batch holds the images [b, 3, S, S], the caption input {@code <s> w1 .. wn} as indices [b, 1, T], the
 * targets {@code w1 .. wn </s>} one-hot [b, V, T] and the step mask [b, T] for both. The order of an epoch
 * and its augmentation (random shifts by up to a sixteenth of the image, and horizontal flips of images
 * whose caption names no side) depend only on (seed, epoch), so a resumed run sees the same batches.
 */
final class CaptionBatches implements BatchSource {
    /** One training pair: an image (index into the pictures) and one caption as token ids, without BOS/EOS. */
    record Pair(int image, int[] words, boolean flippable) {
    }

    private final List<BufferedImage> pictures;
    private final List<Pair> pairs;
    private final ImageLoader loader;
    private final int batchSize;
    private final long seed;
    private final boolean shift;
    private final boolean flip;

    CaptionBatches(List<BufferedImage> pictures, List<Pair> pairs, ImageLoader loader, int batchSize,
                   long seed, String augment) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no training captions");
        }
        this.pictures = pictures;
        this.pairs = List.copyOf(pairs);
        this.loader = loader;
        this.batchSize = batchSize;
        this.seed = seed;
        this.shift = augment.contains("shift");
        this.flip = augment.contains("flip");
    }

    /** The pairs of examples whose pictures are {@code pictures} (same order), captions encoded with {@code vocab}. */
    static List<Pair> pairs(List<CaptionExample> examples, Vocabulary vocab) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            for (List<String> tokens : examples.get(i).referenceTokens()) {
                boolean sided = tokens.contains("left") || tokens.contains("right");
                out.add(new Pair(i, vocab.encode(tokens, false), !sided));
            }
        }
        return out;
    }

    @Override
    public int batchesPerEpoch() {
        return (pairs.size() + batchSize - 1) / batchSize;
    }

    @Override
    public long tokensPerEpoch() {
        return pairs.stream().mapToLong(p -> p.words().length + 1L).sum();
    }

    @Override
    public Iterator<MultiDataSet> epoch(int epoch) {
        long epochSeed = seed * 1_000_003L + epoch;
        List<Pair> order = ShuffledBatches.shuffled(pairs, epochSeed);
        SplittableRandom random = new SplittableRandom(~epochSeed);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public MultiDataSet next() {
                List<Pair> batch = order.subList(next, Math.min(order.size(), next + batchSize));
                next += batch.size();
                return batch(batch, random);
            }
        };
    }

    /** A batch; {@code random} null means no augmentation (validation). */
    MultiDataSet batch(List<Pair> batch, SplittableRandom random) {
        int b = batch.size();
        int size = loader.width();
        int maxSteps = batch.stream().mapToInt(p -> p.words().length + 1).max().orElse(1);
        float[] images = new float[b * 3 * size * size];
        for (int i = 0; i < b; i++) {
            Pair p = batch.get(i);
            BufferedImage picture = pictures.get(p.image());
            if (random != null && (shift || flip)) {
                picture = augment(picture, random, flip && p.flippable());
            }
            float[] x = loader.toArray(picture);
            System.arraycopy(x, 0, images, i * x.length, x.length);
        }
        INDArray tokens = Nd4j.zeros(DataType.FLOAT, b, 1, maxSteps);
        // word ids, as the decoder's softmax layer takes them (common's SoftmaxOutput)
        INDArray labels = Nd4j.zeros(DataType.FLOAT, b, 1, maxSteps);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, b, maxSteps);
        for (int i = 0; i < b; i++) {
            int[] words = batch.get(i).words();
            for (int t = 0; t <= words.length; t++) {
                tokens.putScalar(i, 0, t, t == 0 ? Vocabulary.BOS_ID : words[t - 1]);
                labels.putScalar(i, 0, t, t < words.length ? words[t] : Vocabulary.EOS_ID);
                mask.putScalar(i, t, 1f);
            }
        }
        INDArray imageArray = Nd4j.create(images, new long[] {b, 3, size, size}, 'c');
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {imageArray, tokens}, new INDArray[] {labels},
                new INDArray[] {null, mask}, new INDArray[] {mask});
    }

    private BufferedImage augment(BufferedImage picture, SplittableRandom random, boolean mayFlip) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        int reach = shift ? Math.max(1, w / 16) : 0;
        int dx = reach == 0 ? 0 : random.nextInt(2 * reach + 1) - reach;
        int dy = reach == 0 ? 0 : random.nextInt(2 * reach + 1) - reach;
        boolean mirrored = mayFlip && random.nextBoolean();
        if (dx == 0 && dy == 0 && !mirrored) {
            return picture;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (mirrored) {
            g.drawImage(picture, dx + w, dy, -w, h, null);
        } else {
            g.drawImage(picture, dx, dy, null);
        }
        g.dispose();
        return out;
    }

    List<Pair> allPairs() {
        return pairs;
    }
}
