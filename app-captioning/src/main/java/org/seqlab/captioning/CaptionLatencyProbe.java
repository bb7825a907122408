package org.seqlab.captioning;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.seqlab.common.bundle.LatencyProbe;
import org.seqlab.common.bundle.ModelBundle;

/** {@code seqlab bench --model DIR} on a captioning bundle: one drawn picture described with beam 3 at a time. */
public final class CaptionLatencyProbe implements LatencyProbe {
    @Override
    public String task() {
        return CaptionModel.TASK;
    }

    @Override
    public Runnable prepare(ModelBundle bundle) throws IOException {
        CaptionModel model = CaptionModel.load(bundle, 3, 1, CaptionModel.DEFAULT_LENGTH_ALPHA);
        float[] pixels = model.loader().toArray(picture());
        return () -> model.describe(pixels, 3, 1);
    }

    /** A yellow face on white, roughly what an emoji looks like. */
    static BufferedImage picture() {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 64, 64);
        g.setColor(new Color(250, 200, 40));
        g.fillOval(6, 6, 52, 52);
        g.setColor(Color.DARK_GRAY);
        g.fillOval(20, 22, 6, 9);
        g.fillOval(38, 22, 6, 9);
        g.drawArc(18, 28, 28, 20, 200, 140);
        g.dispose();
        return img;
    }
}
