package org.seqlab.spark;

import java.util.Arrays;
import java.util.List;

/** The JVM flags Spark needs on Java 17, as the build passes them to the tests (seqlab.spark.jvmArgs). */
final class SparkJvm {
    private SparkJvm() {
    }

    static List<String> args() {
        String flags = System.getProperty("seqlab.spark.jvmArgs");
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("seqlab.spark.jvmArgs is not set: run the cluster tests through mvn verify");
        }
        return Arrays.stream(flags.trim().split("\\s+")).toList();
    }
}
