package org.seqlab.common.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;

/** Loads any task's bundle through the {@link TaskModelLoader} registered for its task. */
public final class TaskModels {
    private TaskModels() {
    }

    /** The model in a bundle of any task whose app is on the class path. */
    public static TaskModel<?, ?> load(Path bundlePath) throws IOException {
        return load(ModelBundle.load(bundlePath));
    }

    public static TaskModel<?, ?> load(ModelBundle bundle) throws IOException {
        return loader(bundle.info().task()).load(bundle);
    }

    /** The loader of a task; a one-line error naming the tasks that can be read when there is none. */
    public static TaskModelLoader loader(String task) {
        TreeSet<String> known = new TreeSet<>();
        for (TaskModelLoader loader : ServiceLoader.load(TaskModelLoader.class)) {
            if (loader.task().equals(task)) {
                return loader;
            }
            known.add(loader.task());
        }
        throw new BadInputException("no application for '" + task + "' models is installed here (this command reads "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
}
