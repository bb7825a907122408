package org.seqlab.common.app;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.seqlab.common.bundle.ModelBundle;

/**
 * A trained model of one task, ready to predict: what every app's bundle turns into when loaded, so that
 * prediction commands, {@code seqlab bench --model} and any future server handle every task the same way.
 * Implementations are immutable once loaded; an app registers a {@link TaskModelLoader} for its task.
 *
 * @param <I> one parsed input (a text, a source sentence, an image, a prime)
 * @param <O> the model's answer for one input
 */
public interface TaskModel<I, O> {
    /** The task name written in {@code bundle.json}, e.g. {@code sentiment}. */
    String task();

    /** The JSON key under which an input line is echoed (e.g. {@code text}, {@code source}, {@code image}). */
    default String inputName() {
        return "input";
    }

    /**
     * Turns one input line (a command-line argument or a line of standard input) into an input.
     * Throws {@link org.seqlab.common.error.BadInputException} when that line cannot be used (an unreadable
     * image, say): the caller answers that line with an error and goes on with the next.
     */
    I parse(String line);

    /** A size that batching sorts by so that a batch pads little (tokens of a text; 1 when not a sequence). */
    default int length(I input) {
        return 1;
    }

    /** Predicts a batch; the answers come in the order of the inputs. */
    List<O> predict(List<I> inputs);

    /** One answer as the JSON object printed for it (without the echoed input, which the caller adds). */
    Map<String, Object> render(I input, O output);

    /** Typical single inputs, as a user would type them, for latency benchmarks and examples. */
    List<String> exampleLines();

    /** Writes the networks and files this model needs into a bundle of its task. */
    void addTo(ModelBundle.Writer bundle) throws IOException;
}
