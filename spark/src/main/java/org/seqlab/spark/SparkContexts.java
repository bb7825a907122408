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
     * The jars executors on a cluster need besides Spark's own: SeqLab, DL4J, ND4J and their natives. From
     * {@value #JOB_JARS_PROPERTY} (comma-separated paths or URIs; {@code local:/path} for a jar already on
     * every node) when set, else from {@code dist/spark-job.classpath}, which the build writes beside
     * seqlab.jar.
     */
    static List<String> jobJars() {
        String configured = System.getProperty(JOB_JARS_PROPERTY);
        if (configured != null) {
            return List.of(configured.split(","));
        }
        Path dist = distFolder();
        Path listing = dist == null ? null : dist.resolve("spark-job.classpath");
        List<String> jars = new ArrayList<>();
        if (listing == null || !Files.isRegularFile(listing)) {
            return jars;
        }
        try {
            for (String entry : Files.readString(listing).strip().split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    jars.add(dist.resolve(entry).toUri().toString());
                }
            }
        } catch (java.io.IOException e) {
            throw new BadInputException("cannot read " + listing + ": " + e.getMessage());
        }
        jars.add(dist.resolve("seqlab.jar").toUri().toString());
        return jars;
    }

    /** dist/ when running from dist/lib/seqlab-spark*.jar, else null. */
    private static Path distFolder() {
        try {
            Path jar = Path.of(SparkContexts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.getParent();
            return lib == null || !lib.getFileName().toString().equals("lib") ? null : lib.getParent();
        } catch (Exception e) {
            return null;
        }
    }
}
