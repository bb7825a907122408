package org.seqlab.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.seqlab.common.io.AtomicFiles;

/**
 * A fresh SEQLAB_HOME for one test class, so that fetching never touches the user's cache:
 * {@code @RegisterExtension static final TempSeqlabHome HOME = new TempSeqlabHome();}.
 */
public final class TempSeqlabHome implements BeforeAllCallback, AfterAllCallback {
    private Path path;

    /** The home folder; valid from the class's first test to its last. */
    public Path path() {
        return path;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        path = Files.createTempDirectory("seqlab-home-" + context.getRequiredTestClass().getSimpleName());
        System.setProperty("seqlab.home", path.toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        System.clearProperty("seqlab.home");
        AtomicFiles.deleteRecursively(path);
    }
}
