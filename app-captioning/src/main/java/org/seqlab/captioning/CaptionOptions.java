package org.seqlab.captioning;

import java.util.List;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.error.BadInputException;
import picocli.CommandLine.Option;

/** The captioning network's own options (the decoder's cell, size and depth come from {@link NetworkOptions}). */
public class CaptionOptions {
    @Option(names = "--encoder", paramLabel = "scratch|vgg16|resnet50|PATH",
            description = "Image encoder: a CNN trained here from scratch, DL4J's zoo VGG16 or ResNet50, or a saved DL4J "
                    + "network (zip). Default: ${DEFAULT-VALUE}.")
    public String encoder = CaptionSettings.SCRATCH;

    @Option(names = "--encoder-weights", paramLabel = "imagenet|random",
            description = "Weights of a zoo encoder: ImageNet (DL4J downloads them on first use) or random. "
                    + "Default: ${DEFAULT-VALUE}.")
    public String encoderWeights = "imagenet";

    @Option(names = "--encoder-layer", paramLabel = "NAME",
            description = "The vertex of a zoo or saved encoder whose output is the image grid (default: its last "
                    + "convolutional output with more than one region).")
    public String encoderLayer = "";

    @Option(names = "--freeze-encoder", negatable = true, fallbackValue = "true",
            description = "Keep a zoo or saved encoder's weights fixed (--no-freeze-encoder fine-tunes them; a scratch "
                    + "encoder always trains). Default: ${DEFAULT-VALUE}.")
    public boolean freezeEncoder = true;

    @Option(names = "--image-size", paramLabel = "PIXELS",
            description = "Images are resized to PIXELS x PIXELS (0: 64 for scratch, 224 for zoo encoders). "
                    + "Default: ${DEFAULT-VALUE}.")
    public int imageSize = 0;

    @Option(names = "--channels", paramLabel = "C1,C2,..", split = ",",
            description = "Output channels of the scratch CNN's blocks (3x3 convolution, batch norm, ReLU, 2x2 max "
                    + "pooling each). Default: 32,64,128,256.")
    public List<Integer> channels = List.of(32, 64, 128, 256);

    @Option(names = "--feature-size", paramLabel = "N",
            description = "Size of the image feature given to the decoder at every step. Default: ${DEFAULT-VALUE}.")
    public int featureSize = 256;

    @Option(names = "--attention", paramLabel = "none|soft",
            description = "none: Show and Tell; soft: additive attention over the CNN's grid (Show, Attend and Tell). "
                    + "Default: ${DEFAULT-VALUE}.")
    public String attention = "none";

    @Option(names = "--attention-size", paramLabel = "N", description = "Hidden size of the attention scorer. "
            + "Default: ${DEFAULT-VALUE}.")
    public int attentionSize = 128;

    @Option(names = "--augment", paramLabel = "none|shift|flip|shift,flip",
            description = "Training augmentation: random shifts by up to 1/16 of the image, horizontal flips of images "
                    + "whose captions name no side (left/right). Default: ${DEFAULT-VALUE}.")
    public String augment = "shift";

    @Option(names = "--min-count", paramLabel = "N",
            description = "Caption words seen fewer times in training become <unk>. Default: ${DEFAULT-VALUE}.")
    public int minCount = 1;

    @Option(names = "--max-length", paramLabel = "N", description = "Longest generated caption in tokens. "
            + "Default: ${DEFAULT-VALUE}.")
    public int maxLength = 24;

    /** The settings record, with the decoder shape from the common network options. */
    CaptionSettings settings(NetworkOptions network) {
        network.validate();
        if (network.bidirectional) {
            throw new BadInputException("a caption decoder reads one word at a time and cannot be --bidirectional");
        }
        if (!"random".equals(network.embeddings)) {
            throw new BadInputException("captioning learns its word embeddings; --embeddings must be random, got "
                    + network.embeddings);
        }
        boolean zoo = encoder.equals("vgg16") || encoder.equals("resnet50");
        int size = imageSize != 0 ? imageSize : zoo ? 224 : 64;
        return new CaptionSettings(encoder, encoderWeights, encoderLayer, freezeEncoder, size, channels, featureSize,
                network.cell, network.hidden, network.layers, network.embeddingDim, network.dropout, attention,
                attentionSize, augment, minCount, maxLength);
    }
}
