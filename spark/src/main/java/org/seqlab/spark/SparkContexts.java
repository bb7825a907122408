package org.seqlab.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.seqlab.common.error.BadInputException;

/**
 * The one Spark context of this JVM (Spark allows one at a time), made on first use for a master and
 * kept for later runs (repeated seeds, folds). Spark's own shutdown hook stops it when the JVM exits.
 */
public final class SparkContexts {
    /** A folder of the jars executors need beside Spark's own, shipped when the master is a cluster. */
    public static final String JOB_JARS_PROPERTY = "seqlab.spark.jobJars";
    private static JavaSparkContext context;
    private static String contextMaster;

    private SparkContexts() {
    }

    public static synchronized JavaSparkContext get(String master) {
        if (context != null && master.equals(contextMaster) && !context.sc().isStopped()) {
            return context;
        }
        stop();
        SparkConf conf = new SparkConf().setAppName("seqlab");
        String submitted = conf.get("spark.master", null);
        if (submitted != null && !submitted.equals(master)) {
            throw new BadInputException("spark-submit set the master to " + submitted + " but --spark says " + master
                    + "; give both the same value");
        }
        conf.setMaster(master);
        // Spark's web UI takes a port per driver; opt in with -Dspark.ui.enabled=true
        conf.setIfMissing("spark.ui.enabled", "false");
        // a lost executor fails its tasks fast instead of waiting out the default 120 s network timeout
        conf.setIfMissing("spark.network.timeout", "60s");
        conf.setIfMissing("spark.task.maxFailures", "2");
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            List<String> jars = jobJars();
            if (!jars.isEmpty()) {
                conf.set("spark.jars", String.join(",", jars));
            }
        }
        try {
            context = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new BadInputException("cannot start Spark with master " + master + ": " + e.getMessage());
        }
        contextMaster = master;
        return context;
    }

    /** Stops the context, if any (tests; a different master). */
    public static synchronized void stop() {
        if (context != null) {
            context.stop();
            context = null;
            contextMaster = null;
        }
    }

    /**
     * The jars executors on a cluster need besides Spark: SeqLab, DL4J, ND4J and their natives. Taken from
     * {@value #JOB_JARS_PROPERTY} when set, else from {@code dist/spark-job/} beside the running seqlab.jar.
     */
    static List<String> jobJars() {
        String configured = System.getProperty(JOB_JARS_PROPERTY);
        Path dir = configured != null ? Path.of(configured) : distJobFolder();
        List<String> jars = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return jars;
        }
        File[] files = dir.toFile().listFiles((d, name) -> name.endsWith(".jar"));
        if (files != null) {
            for (File f : files) {
                jars.add(f.toURI().toString());
            }
        }
        jars.sort(null);
        return jars;
    }

    private static Path distJobFolder() {
        try {
            Path jar = Path.of(SparkContexts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // dist/lib/seqlab-spark.jar -> dist/spark-job
            Path dist = jar.getParent() == null ? null : jar.getParent().getParent();
            return dist == null ? null : dist.resolve("spark-job");
        } catch (Exception e) {
            return null;
        }
    }
}
