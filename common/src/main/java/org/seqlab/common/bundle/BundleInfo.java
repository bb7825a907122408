package org.seqlab.common.bundle;

import java.util.Map;

/**
 * The contents of {@code bundle.json}: what the model is for, how it was trained and how well it did.
 *
 * @param files SHA-256 of every other file in the bundle, checked on load to catch truncation
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
        Map<String, String> files) {
}
