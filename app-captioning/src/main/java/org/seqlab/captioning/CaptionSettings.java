package org.seqlab.captioning;

import java.util.List;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.image.ImageLoader;
import org.seqlab.common.rnn.CellType;

/**
 * The captioning network and its data preparation, stored in the bundle so that {@code describe} prepares an
 * image exactly as training did.
 *
 * @param encoder       {@code scratch} (a CNN of {@code channels} trained here), {@code vgg16}, {@code resnet50}
 *                      (DL4J zoo graphs) or the path of a saved DL4J network
 * @param encoderWeights for zoo encoders: {@code imagenet} (downloaded by DL4J) or {@code random}
 * @param encoderLayer  the vertex whose output is the image grid (empty: the last convolutional one)
 * @param freezeEncoder keep a zoo or saved encoder's weights fixed (a scratch encoder always trains)
 * @param featureSize   the image feature that conditions every decoder step (Show and Tell)
 * @param attention     {@code none} or {@code soft} (Show, Attend and Tell over the CNN's grid)
 * @param augment       {@code none}, {@code shift}, {@code flip} or {@code shift,flip} (training only)
 * @param maxLength     the longest caption generated, in tokens
 */
public record CaptionSettings(String encoder, String encoderWeights, String encoderLayer, boolean freezeEncoder,
                              int imageSize, List<Integer> channels, int featureSize, CellType cell, int hidden,
                              int layers, int embeddingDim, double dropout, String attention, int attentionSize,
                              String augment, int minCount, int maxLength) {
    public static final String SCRATCH = "scratch";

    public CaptionSettings {
        channels = List.copyOf(channels);
        require(imageSize >= 8 && imageSize <= 1024, "--image-size must be between 8 and 1024, got " + imageSize);
        require(!channels.isEmpty() && channels.size() <= 8 && channels.stream().allMatch(c -> c >= 1 && c <= 2048),
                "--channels needs 1 to 8 sizes between 1 and 2048, got " + channels);
        require(SCRATCH.equals(encoder) ? imageSize >> channels.size() >= 1 : true,
                "--image-size " + imageSize + " is too small for " + channels.size() + " pooling blocks");
        require(featureSize >= 1 && featureSize <= 8192, "--feature-size must be between 1 and 8192, got " + featureSize);
        require(hidden >= 1 && hidden <= 8192, "--hidden must be between 1 and 8192, got " + hidden);
        require(layers >= 1 && layers <= 8, "--layers must be between 1 and 8, got " + layers);
        require(embeddingDim >= 1 && embeddingDim <= 4096, "--embedding-dim must be between 1 and 4096, got " + embeddingDim);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(List.of("none", "soft").contains(attention), "--attention must be none or soft, got " + attention);
        require(attentionSize >= 1 && attentionSize <= 4096, "--attention-size must be between 1 and 4096, got " + attentionSize);
        require(List.of("none", "shift", "flip", "shift,flip", "flip,shift").contains(augment),
                "--augment must be none, shift, flip or shift,flip, got " + augment);
        require(List.of("imagenet", "random").contains(encoderWeights),
                "--encoder-weights must be imagenet or random, got " + encoderWeights);
        require(minCount >= 1, "--min-count must be at least 1, got " + minCount);
        require(maxLength >= 1 && maxLength <= 200, "--max-length must be between 1 and 200, got " + maxLength);
    }

    boolean scratch() {
        return SCRATCH.equals(encoder);
    }

    boolean softAttention() {
        return "soft".equals(attention);
    }

    /** Zoo encoders were trained on ImageNet with VGG's mean subtraction; ours see [0, 1]. */
    ImageLoader.Normalisation normalisation() {
        return encoder.equals("vgg16") || encoder.equals("resnet50") ? ImageLoader.Normalisation.IMAGENET
                : ImageLoader.Normalisation.UNIT;
    }

    ImageLoader imageLoader() {
        return new ImageLoader(imageSize, imageSize, normalisation());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
