package org.seqlab.common.app;

import java.io.IOException;
import org.seqlab.common.bundle.ModelBundle;

/**
 * Turns a bundle of one task into its {@link TaskModel}. Each app registers one in
 * {@code META-INF/services/org.seqlab.common.app.TaskModelLoader}; {@link TaskModels} finds it by task name.
 */
public interface TaskModelLoader {
    /** The task this loader reads, as in {@code bundle.json}. */
    String task();

    TaskModel<?, ?> load(ModelBundle bundle) throws IOException;
}
