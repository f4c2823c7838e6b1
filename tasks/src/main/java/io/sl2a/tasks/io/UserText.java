package io.sl2a.tasks.io;

/**
 * Text taken from a user's file for a {@link UserInputException}'s message, which the command line
 * prints as one line: control characters (line breaks among them) become '?', and a long text is
 * cut, so that a binary or hostile file cannot break the message over lines or fill the terminal.
 */
public final class UserText {
    /** The most characters of a file's text a message quotes. */
    public static final int MAX_QUOTED = 60;

    private UserText() {
    }

    /** {@code text} printable and at most {@value #MAX_QUOTED} characters ("..." ends a cut one); null as "null". */
    public static String quote(String text) {
        return quote(text, MAX_QUOTED);
    }

    /** As {@link #quote(String)}, at most {@code max} characters (a library's message that quotes the file). */
    public static String quote(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length(); i++) {
            if (out.length() == max - 3 && text.length() - i > 3) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return out.toString();
    }
}
