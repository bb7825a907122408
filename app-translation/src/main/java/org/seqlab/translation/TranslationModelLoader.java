package org.seqlab.translation;

import java.io.IOException;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModelLoader;
import org.seqlab.common.bundle.ModelBundle;

/** Finds {@link TranslationModel} for {@code translation} bundles (registered with ServiceLoader). */
public final class TranslationModelLoader implements TaskModelLoader {
    @Override
    public String task() {
        return TranslationModel.TASK;
    }

    @Override
    public TaskModel<?, ?> load(ModelBundle bundle) throws IOException {
        return TranslationModel.load(bundle);
    }
}
