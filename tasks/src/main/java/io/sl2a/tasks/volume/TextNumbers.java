package io.sl2a.tasks.volume;

/** Parsing of the numbers in ASCII mesh files, with the line in the message when one is bad. */
final class TextNumbers {
    private TextNumbers() {
    }

    /** A finite coordinate; NaN or infinity would wreck the bounding box and every test on it. */
    static float coordinate(String token, int line) throws MalformedMeshException {
        float value;
        try {
            value = Float.parseFloat(token);
        } catch (NumberFormatException e) {
            throw new MalformedMeshException("line " + line + ": '" + shorten(token) + "' is not a number");
        }
        if (!Float.isFinite(value)) {
            throw new MalformedMeshException("line " + line + ": coordinate '" + shorten(token)
                    + "' is not finite (or too large for a float)");
        }
        return value;
    }

    /** An integer (a count or a vertex index) that fits in an int. */
    static int integer(String token, int line) throws MalformedMeshException {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new MalformedMeshException("line " + line + ": '" + shorten(token) + "' is not an integer"
                    + (token.matches("[+-]?\\d+") ? " in range" : ""));
        }
    }

    /** At most 20 characters of a token, so that a binary file misread as text gives a short message. */
    static String shorten(String token) {
        String printable = token.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 20 ? printable : printable.substring(0, 17) + "...";
    }
}
