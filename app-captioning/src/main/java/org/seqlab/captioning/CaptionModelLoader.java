package org.seqlab.captioning;

import java.io.IOException;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModelLoader;
import org.seqlab.common.bundle.ModelBundle;

/** Reads captioning bundles for {@link org.seqlab.common.app.TaskModels}: beam 3, one caption per image. */
public final class CaptionModelLoader implements TaskModelLoader {
    @Override
    public String task() {
        return CaptionModel.TASK;
    }

    @Override
    public TaskModel<?, ?> load(ModelBundle bundle) throws IOException {
        return CaptionModel.load(bundle, 3, 1, CaptionModel.DEFAULT_LENGTH_ALPHA);
    }
}
