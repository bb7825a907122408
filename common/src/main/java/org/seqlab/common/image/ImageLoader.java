package org.seqlab.common.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import org.seqlab.common.error.BadInputException;

/**
 * Reads images for vision models with Java's ImageIO (PNG, JPEG, GIF, BMP), composites transparency onto
 * white, resizes to a fixed size and normalises to a float array in channel-major (C, H, W) RGB order.
 * <p>
 * Every failure is a one-line {@link BadInputException} naming the file: missing, a folder, not an image,
 * corrupt or truncated (a decoder warning such as JPEG's "premature end" counts as an error, since the
 * decoder would otherwise return a half-grey picture), or too large. Size is checked from the header
 * before any pixel is decoded, so a 20,000 x 20,000 PNG of a few bytes is refused without allocating
 * its 1.6 GB raster.
 * <p>
 * Why not DataVec's {@code NativeImageLoader}: it pulls in JavaCV with the OpenCV, FFmpeg, HDF5 and
 * Leptonica natives (about 50 MB of jars for linux-x86_64 alone) to do what ImageIO does for the formats
 * captioning data comes in.
 */
public final class ImageLoader {
    /** Larger pictures are refused (about 160 MB as ARGB pixels). */
    public static final long MAX_PIXELS = 40_000_000L;
    /** Larger files are refused before they are opened. */
    public static final long MAX_FILE_BYTES = 200L << 20;

    /** How pixel values are scaled after resizing. */
    public enum Normalisation {
        /** RGB in [0, 1]: for networks trained here. */
        UNIT,
        /** RGB in [0, 255] minus the ImageNet channel means (VGG's preprocessing, also DL4J's zoo weights'). */
        IMAGENET
    }

    private static final float[] IMAGENET_MEANS = {123.68f, 116.779f, 103.939f};

    private final int width;
    private final int height;
    private final Normalisation normalisation;

    public ImageLoader(int width, int height, Normalisation normalisation) {
        if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS) {
            throw new IllegalArgumentException("bad target size " + width + " x " + height);
        }
        this.width = width;
        this.height = height;
        this.normalisation = normalisation;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The file as a normalised [3 * height * width] array, channel-major. */
    public float[] load(Path file) {
        return toArray(resize(read(file), width, height));
    }

    /** A picture already in memory (drawn, or augmented) as the same normalised array. */
    public float[] toArray(BufferedImage image) {
        BufferedImage sized = image.getWidth() == width && image.getHeight() == height ? image : resize(image, width, height);
        float[] out = new float[3 * width * height];
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = sized.getRGB(x, y);
                int i = y * width + x;
                float r = (rgb >> 16) & 0xff;
                float g = (rgb >> 8) & 0xff;
                float b = rgb & 0xff;
                if (normalisation == Normalisation.UNIT) {
                    out[i] = r / 255f;
                    out[plane + i] = g / 255f;
                    out[2 * plane + i] = b / 255f;
                } else {
                    out[i] = r - IMAGENET_MEANS[0];
                    out[plane + i] = g - IMAGENET_MEANS[1];
                    out[2 * plane + i] = b - IMAGENET_MEANS[2];
                }
            }
        }
        return out;
    }

    /**
     * Decodes a file into an opaque RGB picture (transparent parts white), after checking its size from the
     * header; see the class comment for the errors.
     */
    public static BufferedImage read(Path file) {
        String name = file.toString();
        if (!Files.exists(file)) {
            throw new BadInputException("file not found: " + name);
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(name + " is a folder, not an image");
        }
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + name + ": " + e.getMessage());
        }
        if (bytes == 0) {
            throw new BadInputException(name + ": empty file, not an image");
        }
        if (bytes > MAX_FILE_BYTES) {
            throw new BadInputException(name + ": " + (bytes >> 20) + " MB is larger than the " + (MAX_FILE_BYTES >> 20)
                    + " MB limit for an image");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new BadInputException("cannot read " + name);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(name + ": not an image in a format read here (PNG, JPEG, GIF, BMP)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1) {
                    throw new BadInputException(name + ": the header gives an empty picture (" + w + " x " + h + ")");
                }
                if (w * h > MAX_PIXELS) {
                    throw new BadInputException(String.format(Locale.ROOT,
                            "%s: %d x %d pixels is larger than the %d-megapixel limit for an image", name, w, h,
                            MAX_PIXELS / 1_000_000));
                }
                StringBuilder warning = new StringBuilder();
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String message) {
                        if (warning.isEmpty()) {
                            warning.append(message);
                        }
                    }
                });
                BufferedImage decoded = reader.read(0);
                if (!warning.isEmpty()) {
                    throw new BadInputException(name + ": corrupt or truncated image (" + warning + ")");
                }
                return opaque(decoded);
            } finally {
                reader.dispose();
            }
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // decoders report damage as anything from IIOException to ArrayIndexOutOfBoundsException
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadInputException(name + ": corrupt or truncated image (" + detail + ")");
        }
    }

    /** The picture on a white background, as TYPE_INT_RGB. */
    static BufferedImage opaque(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * Bilinear resizing; a large reduction goes in halving steps first, so that every source pixel still
     * counts (one bilinear step from 1000 to 64 pixels would read only a few of them).
     */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == width && current.getHeight() == height && current.getType() == BufferedImage.TYPE_INT_RGB
                ? current : draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
