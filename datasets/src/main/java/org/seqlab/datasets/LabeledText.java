package org.seqlab.datasets;

/** A text with its class label and where it came from (a review site, a file, a split of a corpus). */
public record LabeledText(String text, String label, String source) {
    /**
     * How a split reads labelled texts: stratified by label; the source (amazon, imdb, yelp) is both the field of a
     * cross-domain split and, for data such as IMDB's train/test folders, the text's own part.
     */
    public static final SplitPlan.Keys<LabeledText> SPLIT_KEYS = new SplitPlan.Keys<>() {
        @Override
        public String stratum(LabeledText item) {
            return item.label();
        }

        @Override
        public String source(LabeledText item) {
            return item.source();
        }

        @Override
        public String ownPart(LabeledText item) {
            return item.source();
        }
    };
}
