package org.seqlab.common.error;

/**
 * A problem with what the user gave us (a missing file, a corrupt bundle, a malformed dataset, an
 * unknown option value). The command line prints its message as one line and exits with code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
