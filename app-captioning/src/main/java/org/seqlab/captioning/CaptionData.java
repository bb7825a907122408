package org.seqlab.captioning;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.CaptionedImage;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.Splits;

/**
 * Captioned images for training: a catalog dataset or a user's Flickr8k / COCO / JSON-lines captions, grouped
 * by image (every caption of an image is a reference), and split by group.
 * <p>
 * The {@code emoji-captions} protocol: flags (pictures of flags are not described by their country's name)
 * and the five skin-tone swatches (components, not emoji) are left out; the caption is the lower-cased name
 * with the skin tone spelled out ("man: red hair: light skin tone"); images are split by base emoji (the
 * name without its tones), so that the test emoji are new to the model in every tone.
 */
final class CaptionData {
    static final String EMOJI = "emoji-captions";
    private static final Pattern TONES = Pattern.compile(
            "(: )?((light|medium-light|medium|medium-dark|dark) skin tone(, )?)+$");
    static final double TRAIN = 0.8;
    static final double VALIDATION = 0.09;

    private CaptionData() {
    }

    static List<CaptionExample> load(String nameOrPath, String format) {
        return group(Datasets.captions(nameOrPath, format), EMOJI.equals(nameOrPath), nameOrPath);
    }

    /** Every caption of an image becomes one of its references; {@code emoji} applies the emoji protocol. */
    static List<CaptionExample> group(List<CaptionedImage> rows, boolean emoji, String source) {
        Map<Path, List<String>> byImage = new LinkedHashMap<>();
        for (CaptionedImage row : rows) {
            if (emoji && (row.flag() || isComponent(row.caption()))) {
                continue;
            }
            if (CaptionText.tokens(row.caption()).isEmpty()) {
                continue;
            }
            byImage.computeIfAbsent(row.image(), k -> new ArrayList<>()).add(row.caption());
        }
        if (byImage.isEmpty()) {
            throw new BadInputException(source + ": no captioned images");
        }
        List<CaptionExample> out = new ArrayList<>(byImage.size());
        byImage.forEach((image, captions) -> out.add(new CaptionExample(image, captions,
                emoji ? baseEmoji(captions.get(0)) : image.toString())));
        return out;
    }

    static boolean isComponent(String caption) {
        return caption.startsWith("emoji modifier fitzpatrick") || caption.startsWith("emoji component");
    }

    /** The emoji's name without its skin tones: every tone variant of one emoji shares it. */
    static String baseEmoji(String caption) {
        return TONES.matcher(caption).replaceFirst("");
    }

    /** A random split of the groups (80 / 9 / 11 %), every image following its group. */
    static Split<CaptionExample> split(List<CaptionExample> examples, long seed) {
        Map<String, List<CaptionExample>> groups = new LinkedHashMap<>();
        examples.forEach(e -> groups.computeIfAbsent(e.group(), k -> new ArrayList<>()).add(e));
        if (groups.size() < 3) {
            throw new BadInputException("captioning needs at least 3 distinct images (or base emoji) to split into "
                    + "train, validation and test; got " + groups.size());
        }
        Split<String> byGroup = Splits.random(new ArrayList<>(groups.keySet()), TRAIN, VALIDATION, seed);
        List<CaptionExample> train = expand(byGroup.train(), groups);
        List<CaptionExample> validation = expand(byGroup.validation(), groups);
        List<CaptionExample> test = expand(byGroup.test(), groups);
        if (validation.isEmpty() || test.isEmpty()) {
            throw new BadInputException("too few images to hold out validation and test images: " + examples.size());
        }
        boolean grouped = groups.size() < examples.size();
        SplitInfo info = new SplitInfo(grouped ? "random by group (" + groups.size() + " groups)" : "random by image",
                seed, TRAIN, VALIDATION, byGroup.info().testFraction(), train.size(), validation.size(), test.size());
        return new Split<>(train, validation, test, info);
    }

    private static List<CaptionExample> expand(List<String> keys, Map<String, List<CaptionExample>> groups) {
        List<CaptionExample> out = new ArrayList<>();
        keys.forEach(k -> out.addAll(groups.get(k)));
        return out;
    }
}
