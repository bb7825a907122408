package org.seqlab.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers, each a JVM of its own started
 * from the SPARK_HOME the build lays out ({@code target/spark-home/jars}); the workers start executors as
 * further JVMs. {@link #close} stops every process it started.
 */
final class LoopbackCluster implements AutoCloseable {
    final Path sparkHome = Path.of(System.getProperty("seqlab.spark.home", "target/spark-home")).toAbsolutePath();
    final int port;
    final List<Process> workers = new ArrayList<>();
    private final Process master;
    private final Path logs;

    LoopbackCluster(int workerCount, Path logs) throws IOException, InterruptedException {
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalStateException("no " + sparkHome.resolve("jars") + ": run through mvn verify, which lays it out");
        }
        this.logs = logs;
        port = freePort();
        master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
        awaitLog("master", "Starting Spark master", 60);
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(logs.resolve("work-" + i));
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1536m", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", work.toString(), masterUrl())));
        }
        for (int i = 0; i < workerCount; i++) {
            awaitLog("worker-" + i, "Successfully registered with master", 60);
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /**
     * Driver settings for this cluster: loopback addresses, one core per executor, and the job jars (the
     * test class path's jars that are not in SPARK_HOME) as {@code local:} paths, since every "node" here
     * shares this file system.
     */
    void configureDriver() {
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.executor.memory", "1g");
        System.setProperty("spark.executor.cores", "1");
        System.setProperty("spark.executorEnv.OMP_NUM_THREADS", "1");
        System.setProperty("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        System.setProperty("spark.executor.extraJavaOptions",
                "-Dorg.bytedeco.javacpp.maxbytes=1500m -Dorg.bytedeco.javacpp.maxphysicalbytes=2500m");
        Set<String> provided = new HashSet<>(Arrays.asList(sparkHome.resolve("jars").toFile().list()));
        List<String> jobJars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && entry.endsWith(".jar") && !provided.contains(f.getName())) {
                jobJars.add("local:" + f.getAbsolutePath());
            }
        }
        System.setProperty(SparkContexts.JOB_JARS_PROPERTY, String.join(",", jobJars));
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", sparkHome.resolve("jars") + File.separator + "*"));
        command.addAll(SparkJvm.args());
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }

    private void awaitLog(String name, String line, int seconds) throws IOException, InterruptedException {
        Path log = logs.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within " + seconds + " s: "
                + (Files.exists(log) ? Files.readString(log) : "no log"));
    }

    String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"));
    }

    /** Kills a worker and, with it, its executor (a child process that exits when its worker goes). */
    void killWorker(int index) {
        Process worker = workers.get(index);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            worker.descendants().forEach(ProcessHandle::destroyForcibly);
            worker.destroyForcibly();
        }
        master.destroyForcibly();
        for (Process worker : workers) {
            worker.waitFor(20, TimeUnit.SECONDS);
        }
        master.waitFor(20, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
