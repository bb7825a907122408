package org.seqlab.textgen;

import java.io.IOException;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModelLoader;
import org.seqlab.common.bundle.ModelBundle;

/** Reads {@code textgen} bundles for {@link org.seqlab.common.app.TaskModels}. */
public final class TextGenLoader implements TaskModelLoader {
    @Override
    public String task() {
        return TextGenModel.TASK;
    }

    @Override
    public TaskModel<?, ?> load(ModelBundle bundle) throws IOException {
        return TextGenModel.load(bundle);
    }
}
