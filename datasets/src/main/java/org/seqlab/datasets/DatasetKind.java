package org.seqlab.datasets;

/** What a dataset holds, hence which {@link Datasets} method reads it. */
public enum DatasetKind {
    LABELED_TEXT("labelled texts"),
    PAIRS("text pairs"),
    TAGGED("tagged sentences"),
    CAPTIONS("captioned images"),
    TEXT("plain text"),
    EMBEDDINGS("word vectors");

    private final String description;

    DatasetKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
