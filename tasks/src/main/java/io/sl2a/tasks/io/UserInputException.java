package io.sl2a.tasks.io;

/**
 * A problem with what the user gave us (a file, a directory, an option value), as opposed to a bug.
 *
 * <p>The message is one self-contained line meant for the user: the command line prints it and exits
 * non-zero without a stack trace, so it must name the offending file or value and say what is wrong.
 */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
