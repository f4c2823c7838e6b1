package io.sl2a.tasks.volume;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of an ASCII mesh file as whitespace-separated tokens, with '#' comments and blank
 * lines skipped and the line number kept for messages. Bytes are read as ISO-8859-1, so any
 * file decodes (what is not ASCII then fails as a bad number, not as a decoding error).
 */
final class TextLines {
    private final byte[] data;
    private int position;
    private int lineNumber;
    private final boolean comments;

    /**
     * @param comments whether '#' starts a comment running to the end of the line (OFF and OBJ;
     *     PLY's body has none)
     */
    TextLines(byte[] data, int start, int lineNumberBefore, boolean comments) {
        this.data = data;
        this.position = start;
        this.lineNumber = lineNumberBefore;
        this.comments = comments;
    }

    /** The next line with at least one token, or null at the end of the file. */
    String[] next() {
        List<String> tokens = new ArrayList<>(8);
        while (position < data.length) {
            lineNumber++;
            int end = position;
            while (end < data.length && data[end] != '\n' && data[end] != '\r') {
                end++;
            }
            tokenise(position, end, tokens);
            // A "\r\n" pair ends one line, not two.
            position = end + (end + 1 < data.length && data[end] == '\r' && data[end + 1] == '\n' ? 2 : 1);
            if (!tokens.isEmpty()) {
                return tokens.toArray(new String[0]);
            }
        }
        return null;
    }

    /** The number (from 1) of the line {@link #next()} last returned. */
    int lineNumber() {
        return lineNumber;
    }

    private void tokenise(int from, int to, List<String> tokens) {
        int p = from;
        while (p < to) {
            while (p < to && isSpace(data[p])) {
                p++;
            }
            if (p >= to || (comments && data[p] == '#')) {
                return;
            }
            int start = p;
            while (p < to && !isSpace(data[p]) && !(comments && data[p] == '#')) {
                p++;
            }
            tokens.add(new String(data, start, p - start, StandardCharsets.ISO_8859_1));
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\f' || b == 0x0B;
    }
}
