package org.seqlab.common.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.testing.TestImages;

class ImageLoaderTest {
    @TempDir
    Path dir;

    private Path png(String name, BufferedImage image) throws IOException {
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static BufferedImage filled(int w, int h, Color color, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    @Test
    void resizesNormalisesAndPutsTransparencyOnWhite() throws IOException {
        BufferedImage half = new BufferedImage(8, 4, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = half.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 4, 4); // left half red, right half transparent
        g.dispose();
        float[] x = new ImageLoader(4, 2, ImageLoader.Normalisation.UNIT).load(png("a.png", half));
        assertEquals(3 * 4 * 2, x.length);
        // channel-major: R plane, G plane, B plane; pixel (0,0) red, pixel (3,0) white
        assertEquals(1f, x[0], 1e-6);
        assertEquals(0f, x[8], 1e-6);
        assertEquals(0f, x[16], 1e-6);
        assertEquals(1f, x[3], 1e-6);
        assertEquals(1f, x[8 + 3], 1e-6);
        assertEquals(1f, x[16 + 3], 1e-6);
        float[] imagenet = new ImageLoader(4, 2, ImageLoader.Normalisation.IMAGENET).load(dir.resolve("a.png"));
        assertEquals(255 - 123.68f, imagenet[0], 1e-3);
        assertEquals(-116.779f, imagenet[8], 1e-3);
    }

    @Test
    void largeReductionsAverageEveryPixel() {
        // a fine checkerboard shrunk 16x must come out grey, not whichever squares a single bilinear step hit
        BufferedImage board = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                board.setRGB(x, y, ((x + y) % 2 == 0) ? 0xffffff : 0);
            }
        }
        float[] x = new ImageLoader(16, 16, ImageLoader.Normalisation.UNIT).toArray(board);
        for (float v : x) {
            assertEquals(0.5, v, 0.08);
        }
    }

    @Test
    void jpegAndBmpAreRead() throws IOException {
        Path jpg = dir.resolve("b.jpg");
        ImageIO.write(filled(20, 10, Color.BLUE, BufferedImage.TYPE_INT_RGB), "jpg", jpg.toFile());
        float[] x = new ImageLoader(10, 5, ImageLoader.Normalisation.UNIT).load(jpg);
        assertTrue(x[2 * 50] > 0.9f && x[0] < 0.1f, Arrays.toString(Arrays.copyOf(x, 3)));
        Path bmp = dir.resolve("c.bmp");
        ImageIO.write(filled(3, 3, Color.GREEN, BufferedImage.TYPE_INT_RGB), "bmp", bmp.toFile());
        assertEquals(1f, new ImageLoader(3, 3, ImageLoader.Normalisation.UNIT).load(bmp)[9], 1e-6);
    }

    @Test
    void missingFolderEmptyAndNonImageFilesAreOneLineErrors() throws IOException {
        ImageLoader loader = new ImageLoader(8, 8, ImageLoader.Normalisation.UNIT);
        assertBad(() -> loader.load(dir.resolve("nope.png")), "file not found");
        assertBad(() -> loader.load(dir), "is a folder");
        assertBad(() -> loader.load(Files.write(dir.resolve("e.png"), new byte[0])), "empty file");
        Path text = Files.writeString(dir.resolve("t.png"), "this is text, not a picture\n");
        assertBad(() -> loader.load(text), "not an image");
    }

    @Test
    void truncatedAndCorruptFilesAreOneLineErrors() throws IOException {
        ImageLoader loader = new ImageLoader(8, 8, ImageLoader.Normalisation.UNIT);
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        byte[] whole = Files.readAllBytes(png("n.png", noise));
        Path truncated = Files.write(dir.resolve("trunc.png"), Arrays.copyOf(whole, whole.length / 2));
        assertBad(() -> loader.load(truncated), "corrupt or truncated");
        byte[] damaged = whole.clone();
        for (int i = 60; i < damaged.length - 20; i += 7) {
            damaged[i] ^= 0x5a;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.png"), damaged);
        assertBad(() -> loader.load(corrupt), "corrupt or truncated");
        Path jpg = dir.resolve("n.jpg");
        ImageIO.write(noise, "jpg", jpg.toFile());
        byte[] jpeg = Files.readAllBytes(jpg);
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertBad(() -> loader.load(cut), "corrupt or truncated");
    }

    @Test
    void hugeHeaderIsRefusedBeforeDecoding() throws IOException {
        // a valid 20,000 x 20,000 PNG header with a few bytes of data: decoding it would allocate 1.6 GB
        Path huge = Files.write(dir.resolve("huge.png"), TestImages.pngHeaderOnly(20_000, 20_000));
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ImageLoader(64, 64, ImageLoader.Normalisation.UNIT).load(huge));
        assertTrue(e.getMessage().contains("20000 x 20000 pixels is larger than"), e.getMessage());
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 200L << 20, "the check allocated the raster");
    }

    private static void assertBad(org.junit.jupiter.api.function.Executable call, String expected) {
        BadInputException e = assertThrows(BadInputException.class, call);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void loadsTheSamePixelsTwice() throws IOException {
        Path file = png("same.png", filled(5, 5, Color.ORANGE, BufferedImage.TYPE_INT_ARGB));
        ImageLoader loader = new ImageLoader(5, 5, ImageLoader.Normalisation.UNIT);
        assertArrayEquals(loader.load(file), loader.load(file));
    }
}
