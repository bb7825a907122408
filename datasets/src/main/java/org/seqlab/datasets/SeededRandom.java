package org.seqlab.datasets;

/**
 * SplitMix64 (Steele, Lea and Flood 2014): a tiny generator whose output is fully specified by its
 * seed, so that splits are identical on every JVM, platform and release.
 */
public final class SeededRandom {
    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        // Rejects the top partial block of the 63-bit range (the overflow test) so every residue is equally likely.
        long r;
        long m;
        do {
            r = nextLong() >>> 1;
            m = r % bound;
        } while (r - m + (bound - 1) < 0);
        return (int) m;
    }

    /** Fisher-Yates shuffle of a list in place. */
    public <T> void shuffle(java.util.List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    /** A seed derived from a base seed and a string, stable across runs (String.hashCode is specified). */
    public static long derive(long seed, String key) {
        return new SeededRandom(seed ^ (31L * key.hashCode() + key.length())).nextLong();
    }
}
