package org.seqlab.datasets.parse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;

/**
 * Converts the wink embeddings JSON ({@code {"dimensions": 100, ..., "vectors": {"word": [v1..v100, norm,
 * index], ...}}}) into the GloVe text format, "word v1 ... v100" a line, which DL4J's
 * {@code WordVectorSerializer} reads. Streams the 300 MB document instead of building a tree; numbers
 * are copied as written, so no precision is lost.
 */
public final class GloveConverter {
    private GloveConverter() {
    }

    /** @return the number of words written */
    public static long convert(Path json, Path vectorsTxt) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json.toFile());
             BufferedWriter out = Files.newBufferedWriter(vectorsTxt, StandardCharsets.UTF_8)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(json + ":1: expected a JSON object with 'dimensions' and 'vectors'");
            }
            int dimensions = -1;
            long words = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("dimensions".equals(field)) {
                    dimensions = p.getIntValue();
                } else if ("vectors".equals(field)) {
                    if (dimensions <= 0) {
                        throw new BadInputException(json + ": 'vectors' comes before a positive 'dimensions'");
                    }
                    words = writeVectors(json, p, dimensions, out);
                } else {
                    p.skipChildren();
                }
            }
            if (words == 0) {
                throw new BadInputException(json + ": no vectors found");
            }
            return words;
        } catch (JsonParseException e) {
            throw new BadInputException(json + ":" + e.getLocation().getLineNr() + ": invalid or truncated JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot convert " + json + ": " + e.getMessage(), e);
        }
    }

    private static long writeVectors(Path json, JsonParser p, int dimensions, BufferedWriter out) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadInputException(json + ": 'vectors' is not an object of word -> numbers");
        }
        long words = 0;
        StringBuilder line = new StringBuilder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String word = p.currentName();
            if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
                throw new BadInputException(json + ": word '" + word + "' is empty or has whitespace; the text format cannot hold it");
            }
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new BadInputException(json + ": the vector of '" + word + "' is not an array");
            }
            line.setLength(0);
            line.append(word);
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (!p.currentToken().isNumeric()) {
                    throw new BadInputException(json + ": the vector of '" + word + "' holds a non-number");
                }
                // Trailing entries after the vector are wink's L2 norm and word index.
                if (n++ < dimensions) {
                    line.append(' ').append(p.getText());
                }
            }
            if (n < dimensions) {
                throw new BadInputException(json + ": the vector of '" + word + "' has " + n + " numbers, expected " + dimensions);
            }
            out.write(line.append('\n').toString());
            words++;
        }
        return words;
    }
}
