package org.seqlab.datasets.parse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.datasets.CaptionedImage;

/**
 * Image captions: Flickr8k ({@code captions.txt} with an {@code image,caption} header beside
 * {@code Images/}, or the original {@code Flickr8k.token.txt}), COCO ({@code captions_<split>.json} with its {@code <split>/} image folder beside it or
 * one level up), and JSON lines ({@code image, caption, keywords, flag}; image paths relative to the file).
 */
public final class CaptionParser {
    private static final Pattern COCO_NAME = Pattern.compile("captions_(.+)\\.json");

    private CaptionParser() {
    }

    public static List<CaptionedImage> flickr8k(Path captionsFile) {
        Path dir = captionsFile.toAbsolutePath().getParent();
        Path images = Files.isDirectory(dir.resolve("Images")) ? dir.resolve("Images") : dir.resolve("images");
        List<CaptionedImage> out = new ArrayList<>();
        try (TextSource in = TextSource.open(captionsFile)) {
            DelimitedReader reader = new DelimitedReader(in, ',');
            DelimitedReader.Row header = reader.next();
            if (header == null) {
                throw new BadInputException(captionsFile + ":1: empty file, expected an 'image,caption' header and rows");
            }
            if (header.cells().size() < 2 || !"image".equalsIgnoreCase(header.cells().get(0).strip())) {
                throw in.error(header.line(), "expected the header 'image,caption', found " + header.cells()
                        + " (the original Flickr8k.token.txt is read with --format flickr8k-token)");
            }
            DelimitedReader.Row row;
            while ((row = reader.next()) != null) {
                if (row.cells().size() < 2) {
                    throw in.error(row.line(), "expected 2 columns (image, caption), found " + row.cells().size());
                }
                // A caption may itself contain unquoted commas: everything after the first comma is the caption.
                String caption = String.join(",", row.cells().subList(1, row.cells().size())).strip();
                if (caption.isEmpty()) {
                    throw in.error(row.line(), "empty caption");
                }
                out.add(new CaptionedImage(images.resolve(row.cells().get(0).strip()), caption, List.of(), false));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(captionsFile + ": no captions after the header");
        }
        return out;
    }

    /**
     * The original Flickr8k distribution: {@code Flickr8k.token.txt} with {@code image.jpg#N<TAB>caption}
     * lines, images in {@code Flicker8k_Dataset/} (sic) or {@code Images/} beside it.
     */
    public static List<CaptionedImage> flickr8kTokens(Path tokenFile) {
        Path dir = tokenFile.toAbsolutePath().getParent();
        Path images = Files.isDirectory(dir.resolve("Flicker8k_Dataset")) ? dir.resolve("Flicker8k_Dataset") : dir.resolve("Images");
        List<CaptionedImage> out = new ArrayList<>();
        try (TextSource in = TextSource.open(tokenFile)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                int tab = line.indexOf('\t');
                int hash = tab < 0 ? -1 : line.lastIndexOf('#', tab);
                if (hash <= 0 || line.substring(tab + 1).isBlank()) {
                    throw in.error(number, "expected 'image.jpg#N<TAB>caption'");
                }
                out.add(new CaptionedImage(images.resolve(line.substring(0, hash)), line.substring(tab + 1).strip(), List.of(), false));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(tokenFile + ":1: empty file, expected 'image.jpg#N<TAB>caption' lines");
        }
        return out;
    }

    public static List<CaptionedImage> coco(Path jsonFile) {
        JsonNode root = readJson(jsonFile);
        JsonNode images = root.get("images");
        JsonNode annotations = root.get("annotations");
        if (images == null || !images.isArray() || annotations == null || !annotations.isArray()) {
            throw new BadInputException(jsonFile + ": not a COCO captions file (needs 'images' and 'annotations' arrays)");
        }
        Path imageDir = cocoImageDir(jsonFile);
        Map<Long, String> fileNames = new HashMap<>();
        for (JsonNode image : images) {
            if (!image.hasNonNull("id") || !image.hasNonNull("file_name")) {
                throw new BadInputException(jsonFile + ": an image entry lacks 'id' or 'file_name': " + image);
            }
            fileNames.put(image.get("id").asLong(), image.get("file_name").asText());
        }
        List<CaptionedImage> out = new ArrayList<>();
        for (JsonNode a : annotations) {
            if (!a.hasNonNull("image_id") || !a.hasNonNull("caption")) {
                throw new BadInputException(jsonFile + ": an annotation lacks 'image_id' or 'caption': " + a);
            }
            String name = fileNames.get(a.get("image_id").asLong());
            if (name == null) {
                throw new BadInputException(jsonFile + ": annotation refers to unknown image_id " + a.get("image_id"));
            }
            out.add(new CaptionedImage(imageDir.resolve(name), a.get("caption").asText().strip(), List.of(), false));
        }
        if (out.isEmpty()) {
            throw new BadInputException(jsonFile + ": no annotations");
        }
        return out;
    }

    private static Path cocoImageDir(Path jsonFile) {
        Path dir = jsonFile.toAbsolutePath().getParent();
        Matcher m = COCO_NAME.matcher(jsonFile.getFileName().toString());
        if (m.matches()) {
            for (Path candidate : List.of(dir.resolve(m.group(1)), dir.resolveSibling(m.group(1)))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return dir;
    }

    public static List<CaptionedImage> jsonLines(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        List<CaptionedImage> out = new ArrayList<>();
        try (TextSource in = TextSource.open(file)) {
            for (TextSource.Line next; (next = in.nextNonBlank()) != null; ) {
                long number = next.number();
                String line = next.text();
                JsonNode node = LabeledTextParser.jsonObject(in, number, line);
                if (!node.hasNonNull("image") || !node.hasNonNull("caption")) {
                    throw in.error(number, "expected fields image and caption");
                }
                List<String> keywords = new ArrayList<>();
                node.path("keywords").forEach(k -> keywords.add(k.asText()));
                out.add(new CaptionedImage(dir.resolve(node.get("image").asText()), node.get("caption").asText(),
                        keywords, node.path("flag").asBoolean(false)));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ":1: empty file, expected one JSON object a line");
        }
        return out;
    }

    /** Reads a whole JSON document; syntax and encoding errors name the file and line. */
    public static JsonNode readJson(Path file) {
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException(file + ":1: empty file, expected JSON");
            }
            return Json.MAPPER.readTree(file.toFile());
        } catch (JsonParseException e) {
            throw new BadInputException(file + ":" + e.getLocation().getLineNr() + ": invalid JSON or not UTF-8: "
                    + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BadInputException("file not found: " + file, e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
