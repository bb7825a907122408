package org.seqlab.datasets.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seqlab.datasets.DatasetKind;
import org.seqlab.datasets.DatasetSpec;
import org.seqlab.datasets.TempSeqlabHome;

/**
 * The Maven route (mvn dependency:copy, then entries read from the jar) on a small artifact the build
 * already uses, instead of the 95 MB test-resources jar of raw-sentences.
 */
class MavenFetchIT {
    @RegisterExtension
    static final TempSeqlabHome HOME = new TempSeqlabHome();

    @Test
    void readsEntriesFromAResolvedJar() throws IOException {
        DatasetSpec spec = new DatasetSpec("maven-probe", "picocli's manifest", "Apache-2.0", DatasetKind.TEXT, "MANIFEST.MF",
                List.of(new Source.Maven("info.picocli", "picocli", "4.7.7",
                        "f86e30fffd10d2b13b8caa8d4b237a7ee61f2ffccf5b1941de718b765d235bf8", 417_640,
                        List.of("META-INF/MANIFEST.MF"))),
                (in, out) -> {
                    Files.copy(in.get(0).resolve("META-INF/MANIFEST.MF"), out.resolve("MANIFEST.MF"));
                    return Map.of("examples", 1L);
                });
        Path dir = Fetcher.ensure(spec);
        assertTrue(Files.readString(dir.resolve("MANIFEST.MF")).contains("picocli"));
        Manifest manifest = Manifest.read(dir);
        assertEquals(List.of("Maven info.picocli:picocli:4.7.7"), manifest.sources());
        assertTrue(manifest.sha256().containsKey("MANIFEST.MF") && manifest.sha256().containsKey("licence/SOURCES.txt"));
    }
}
