package io.cardkey.examples.cli;

/**
 * A refused operation or bad input: the CLI prints the message as one line on stderr and exits with status 1. The
 * message names what was refused and why, and never holds a code.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }
}
