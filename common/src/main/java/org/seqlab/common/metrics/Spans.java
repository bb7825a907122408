package org.seqlab.common.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Labelled spans of a BIO tag sequence, read as CoNLL's conlleval reads them: {@code B-X} opens a span of
 * type X, {@code I-X} continues the open span of type X or, after {@code O} or a span of another type, opens
 * one (a span may start with I-), {@code O} closes the open span. Tags without a B-/I- prefix other than O
 * count as I- tags of their own type (the IO scheme).
 */
public final class Spans {
    private Spans() {
    }

    /** A span of tokens [start, end) of one type. */
    public record Span(String type, int start, int end) {
        public Span {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("a span needs 0 <= start < end, got [" + start + ", " + end + ")");
            }
        }
    }

    public static final String OUTSIDE = "O";

    public static List<Span> of(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        String open = null;
        int start = 0;
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            boolean begins = tag.startsWith("B-");
            String type = OUTSIDE.equals(tag) ? null : tag.startsWith("B-") || tag.startsWith("I-") ? tag.substring(2) : tag;
            if (open != null && (type == null || begins || !type.equals(open))) {
                spans.add(new Span(open, start, i));
                open = null;
            }
            if (type != null && open == null) {
                open = type;
                start = i;
            }
        }
        if (open != null) {
            spans.add(new Span(open, start, tags.size()));
        }
        return spans;
    }

    /** Whether a tag set is a BIO (or IOB) scheme: every tag is O or starts with B- or I-, and some are not O. */
    public static boolean isBio(Iterable<String> tags) {
        boolean any = false;
        for (String tag : tags) {
            if (tag.startsWith("B-") || tag.startsWith("I-")) {
                any = true;
            } else if (!OUTSIDE.equals(tag)) {
                return false;
            }
        }
        return any;
    }
}
