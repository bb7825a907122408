package org.seqlab.datasets;

import java.nio.file.Path;
import java.util.List;

/**
 * An image with a caption and keywords. {@code flag} marks items a task may want to exclude; for
 * {@code emoji-captions} it marks national and regional flags, whose pictures are not described by
 * their names.
 */
public record CaptionedImage(Path image, String caption, List<String> keywords, boolean flag) {
    public CaptionedImage {
        keywords = List.copyOf(keywords);
    }
}
