package org.seqlab.common.bundle;

import java.util.Map;

/**
 * The contents of {@code bundle.json}: what the model is for, how it was trained and how well it did.
 *
 * @param networkType the type of the network named {@code network} (format 1's only network), or null
 * @param files       SHA-256 of every other file in the bundle, checked on load to catch truncation
 * @param networks    network name to type, each stored as {@code <name>.zip} (format 2; null in format 1)
 */
public record BundleInfo(
        String task,
        int formatVersion,
        String created,
        String seqlabVersion,
        String data,
        String networkType,
        Map<String, Object> hyperParameters,
        Map<String, Object> metrics,
        Map<String, Object> provenance,
        Map<String, String> files,
        Map<String, String> networks) {

    /** Network name to type, for either format. */
    public Map<String, String> networkTypes() {
        if (networks != null) {
            return networks;
        }
        return networkType == null ? Map.of() : Map.of(ModelBundle.MAIN_NETWORK, networkType);
    }
}
