package org.seqlab.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.seqlab.common.error.BadInputException;

class ScaleOutSettingsTest {
    @Test
    void localTrainingNeedsNoEngine() {
        assertTrue(EpochFitterFactory.forSettings(ScaleOutSettings.LOCAL) instanceof LocalEpochFitter);
        assertTrue(EpochFitterFactory.forSettings(null) instanceof LocalEpochFitter);
    }

    @Test
    void aClusterMasterWithoutTheSparkModuleIsOneClearLine() {
        // common's tests do not have the spark module on their class path
        BadInputException e = assertThrows(BadInputException.class,
                () -> EpochFitterFactory.forSettings(new ScaleOutSettings("local[2]", 5, 0, 0)));
        assertTrue(e.getMessage().startsWith("Spark training needs the seqlab.jar / spark module"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void badValuesAreUserErrors() {
        assertThrows(BadInputException.class, () -> new ScaleOutSettings(" ", 5, 0, 0));
        assertThrows(BadInputException.class, () -> new ScaleOutSettings("local[2]", 0, 0, 0));
        assertThrows(BadInputException.class, () -> new ScaleOutSettings("local[2]", 5, -1, 0));
        assertThrows(BadInputException.class, () -> new ScaleOutSettings("local[2]", 5, 0, -3));
    }
}
