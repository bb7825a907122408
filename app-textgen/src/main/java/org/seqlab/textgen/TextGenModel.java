package org.seqlab.textgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.decode.Decoders;
import org.seqlab.common.decode.MultiLayerStepModel;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.decode.TokenInput;

/**
 * A trained language model that continues primes: the network, its codec and how to sample. The prime is read
 * first (an empty one starts as after a line end), then {@link Sampling#length()} tokens are drawn one at a
 * time, each fed back as the next input.
 */
public final class TextGenModel implements TaskModel<String, TextGenModel.Sample> {
    public static final String TASK = "textgen";
    static final String CODEC_FILE = "codec.json";
    static final String SETTINGS_FILE = "settings.json";

    private final MultiLayerNetwork net;
    private final Codec codec;
    private final TextGenSettings settings;
    private final Sampling sampling;
    /** The network stepped in plain Java (far faster for one stream), or null to step through DL4J. */
    private final StreamStepper stepper;

    /** A generated continuation: its text, its tokens and how long drawing them took. */
    public record Sample(String text, int tokens, double seconds) {
    }

    public TextGenModel(MultiLayerNetwork net, Codec codec, TextGenSettings settings, Sampling sampling) {
        this.net = net;
        this.codec = codec;
        this.settings = settings;
        this.sampling = sampling;
        this.stepper = StreamStepper.of(net);
    }

    public static TextGenModel load(ModelBundle bundle) throws IOException {
        return new TextGenModel(bundle.network(MultiLayerNetwork.class), Codec.of(bundle.json(CODEC_FILE, Codec.Data.class)),
                bundle.json(SETTINGS_FILE, TextGenSettings.class), new Sampling(500, 0.8, 0, 1.0, 42));
    }

    /** The same model drawing with other settings. */
    public TextGenModel with(Sampling other) {
        return new TextGenModel(net, codec, settings, other);
    }

    public MultiLayerNetwork network() {
        return net;
    }

    public Codec codec() {
        return codec;
    }

    public TextGenSettings settings() {
        return settings;
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public String inputName() {
        return "prime";
    }

    @Override
    public String parse(String line) {
        return line;
    }

    @Override
    public int length(String prime) {
        return prime.length();
    }

    @Override
    public List<Sample> predict(List<String> primes) {
        List<Sample> out = new ArrayList<>(primes.size());
        for (String prime : primes) {
            out.add(generate(prime, text -> { }));
        }
        return out;
    }

    /** Continues {@code prime}, handing each generated piece of text to {@code sink} as soon as it is drawn. */
    public synchronized Sample generate(String prime, Consumer<String> sink) {
        long start = System.nanoTime();
        StepModel steps = stepper != null ? stepper : new MultiLayerStepModel(net, codec.size(),
                codec.level() == Level.WORD ? TokenInput.INDEX : TokenInput.ONE_HOT);
        steps.start(1);
        int[] primeIds = codec.encode(prime);
        int previous = primeIds.length == 0 ? codec.encode(Codec.LINE_END)[0] : primeIds[primeIds.length - 1];
        float[] logProbs = null;
        for (int id : primeIds.length == 0 ? new int[] {previous} : primeIds) {
            logProbs = steps.step(new int[] {id})[0];
        }
        Random random = new Random(sampling.seed());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sampling.length(); i++) {
            // the unknown token stands for many things, so it is never written out
            logProbs[0] = Float.NEGATIVE_INFINITY;
            int next = sampling.temperature() == 0 ? Decoders.best(logProbs)
                    : Decoders.choose(logProbs, sampling.temperature(), sampling.topK(), sampling.topP(), random);
            String piece = codec.decode(next, previous);
            text.append(piece);
            sink.accept(piece);
            previous = next;
            if (i + 1 < sampling.length()) {
                logProbs = steps.step(new int[] {next})[0];
            }
        }
        net.rnnClearPreviousState();
        return new Sample(text.toString(), sampling.length(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public Map<String, Object> render(String prime, Sample sample) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("text", sample.text());
        out.put("tokens", sample.tokens());
        out.put("seconds", Math.round(sample.seconds() * 1000) / 1000.0);
        return out;
    }

    @Override
    public List<String> exampleLines() {
        return List.of("The ", "Call me", "It was");
    }

    @Override
    public void addTo(ModelBundle.Writer bundle) {
        bundle.network(net).json(CODEC_FILE, codec.data()).json(SETTINGS_FILE, settings);
    }
}
