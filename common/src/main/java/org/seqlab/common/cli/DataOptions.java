package org.seqlab.common.cli;

import picocli.CommandLine.Option;

/** Where a command's data comes from: a catalog name or a path, with an optional explicit format. */
public class DataOptions {
    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "A catalog dataset name (see 'seqlab data list') or a file/folder path.")
    public String data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format of a --data path when it cannot be detected (csv, tsv, jsonl, imdb, text, ...).")
    public String format;
}
