package org.seqlab.common.train;

import java.util.ServiceLoader;
import org.seqlab.common.error.BadInputException;

/**
 * Makes the {@link EpochFitter} of a cluster engine. Found through {@link ServiceLoader}, so an app trains
 * on a cluster when the engine's module is on the class path, without depending on it (the spark module
 * registers one in {@code META-INF/services/org.seqlab.common.train.EpochFitterFactory}).
 */
public interface EpochFitterFactory {
    EpochFitter create(ScaleOutSettings settings);

    /** The local fitter for {@link ScaleOutSettings#LOCAL}, else the registered engine's. */
    static EpochFitter forSettings(ScaleOutSettings settings) {
        if (settings == null || settings.isLocal()) {
            return new LocalEpochFitter();
        }
        EpochFitterFactory factory = ServiceLoader.load(EpochFitterFactory.class).findFirst()
                .orElseThrow(() -> new BadInputException("Spark training needs the seqlab.jar / spark module: run "
                        + "./seqlab or java -jar dist/seqlab.jar, not an app's own jar"));
        return factory.create(settings);
    }
}
