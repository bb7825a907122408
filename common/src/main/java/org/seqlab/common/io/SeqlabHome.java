package org.seqlab.common.io;

import java.nio.file.Path;

/** {@code ${SEQLAB_HOME:-~/.seqlab}}: the dataset cache and the crash log live here. */
public final class SeqlabHome {
    private SeqlabHome() {
    }

    public static Path dir() {
        String home = System.getProperty("seqlab.home", System.getenv("SEQLAB_HOME"));
        if (home != null && !home.isBlank()) {
            return Path.of(home).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".seqlab");
    }

    public static Path datasets() {
        return dir().resolve("datasets");
    }
}
