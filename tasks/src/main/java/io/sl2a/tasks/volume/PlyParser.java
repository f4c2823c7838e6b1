package io.sl2a.tasks.volume;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PLY in its three encodings (ascii, binary_little_endian, binary_big_endian). The header's
 * elements are read in order: from "vertex" the scalar properties x, y and z (of any PLY type; the
 * others, such as normals and colours, are skipped), from "face" the list property vertex_indices
 * or vertex_index (any count and index types), split into fans of triangles; every other element
 * and property is read past. Counts in the header are checked against the file's size before
 * anything is allocated, so a damaged header is reported as such instead of exhausting memory.
 */
final class PlyParser {
    private enum Encoding { ASCII, LITTLE_ENDIAN, BIG_ENDIAN }

    private enum Type {
        CHAR(1), UCHAR(1), SHORT(2), USHORT(2), INT(4), UINT(4), FLOAT(4), DOUBLE(8);

        final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }

        static Type named(String name) {
            return switch (name) {
                case "char", "int8" -> CHAR;
                case "uchar", "uint8" -> UCHAR;
                case "short", "int16" -> SHORT;
                case "ushort", "uint16" -> USHORT;
                case "int", "int32" -> INT;
                case "uint", "uint32" -> UINT;
                case "float", "float32" -> FLOAT;
                case "double", "float64" -> DOUBLE;
                default -> null;
            };
        }

        boolean integral() {
            return this != FLOAT && this != DOUBLE;
        }
    }

    /** A property; {@code countType} is null for a scalar, the type of the list's length for a list. */
    private record Property(String name, Type type, Type countType) {
        boolean isList() {
            return countType != null;
        }
    }

    private record Element(String name, long count, List<Property> properties) {
        int indexOf(String property) {
            for (int p = 0; p < properties.size(); p++) {
                if (properties.get(p).name().equals(property)) {
                    return p;
                }
            }
            return -1;
        }
    }

    private record Header(Encoding encoding, List<Element> elements, int dataStart, int lines) {
    }

    private PlyParser() {
    }

    /** Whether the file starts with PLY's magic line. */
    static boolean looksLikePly(byte[] data) {
        return data.length >= 4 && data[0] == 'p' && data[1] == 'l' && data[2] == 'y'
                && (data[3] == '\n' || data[3] == '\r');
    }

    static TriangleMesh parse(byte[] data) throws MalformedMeshException {
        Header header = header(data);
        Element vertexElement = null;
        for (Element element : header.elements()) {
            if (element.name().equals("vertex")) {
                vertexElement = element;
            }
        }
        if (vertexElement == null) {
            throw new MalformedMeshException("the PLY header has no vertex element");
        }
        int[] xyz = {vertexElement.indexOf("x"), vertexElement.indexOf("y"), vertexElement.indexOf("z")};
        for (int a = 0; a < 3; a++) {
            if (xyz[a] < 0 || vertexElement.properties().get(xyz[a]).isList()) {
                throw new MalformedMeshException("the PLY vertex element has no scalar property " + "xyz".charAt(a));
            }
        }
        requireDataFits(header, data.length - header.dataStart());
        int vertexCount = (int) vertexElement.count();
        Values values = header.encoding() == Encoding.ASCII
                ? new AsciiValues(data, header.dataStart(), header.lines())
                : new BinaryValues(data, header.dataStart(),
                        header.encoding() == Encoding.LITTLE_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        FloatList vertices = new FloatList(3 * vertexCount);
        IntList triangles = new IntList(16);
        for (Element element : header.elements()) {
            long item = 0;
            try {
                if (element == vertexElement) {
                    for (; item < element.count(); item++) {
                        readVertex(values, element, xyz, item, vertices);
                    }
                } else if (element.name().equals("face")) {
                    int list = faceList(element);
                    int[] polygon = new int[16];
                    for (; item < element.count(); item++) {
                        polygon = readFace(values, element, list, item, vertexCount, polygon, triangles);
                    }
                } else if (!element.properties().isEmpty()) {
                    // (An element without properties has nothing to read: its count, up to 7*10^8, is not looped over.)
                    for (; item < element.count(); item++) {
                        for (Property property : element.properties()) {
                            skip(values, property, element, item);
                        }
                    }
                }
            } catch (BufferUnderflowException | AsciiValues.EndOfData e) {
                throw new MalformedMeshException("truncated: the data ends in " + TextNumbers.shorten(element.name()) + " " + item
                        + " of " + element.count());
            }
        }
        return Polygons.mesh(vertices, triangles);
    }

    private static void readVertex(Values values, Element element, int[] xyz, long item, FloatList vertices)
            throws MalformedMeshException {
        float x = 0;
        float y = 0;
        float z = 0;
        List<Property> properties = element.properties();
        for (int p = 0; p < properties.size(); p++) {
            Property property = properties.get(p);
            if (p == xyz[0] || p == xyz[1] || p == xyz[2]) {
                float value = (float) values.read(property.type());
                if (!Float.isFinite(value)) {
                    throw new MalformedMeshException("vertex " + item + " has a non-finite coordinate " + TextNumbers.shorten(property.name())
                            + " = " + value);
                }
                if (p == xyz[0]) {
                    x = value;
                } else if (p == xyz[1]) {
                    y = value;
                } else {
                    z = value;
                }
            } else {
                skip(values, property, element, item);
            }
        }
        vertices.add(x);
        vertices.add(y);
        vertices.add(z);
    }

    private static int faceList(Element face) throws MalformedMeshException {
        int list = face.indexOf("vertex_indices");
        if (list < 0) {
            list = face.indexOf("vertex_index");
        }
        if (list < 0 || !face.properties().get(list).isList()) {
            throw new MalformedMeshException("the PLY face element has no list property vertex_indices");
        }
        return list;
    }

    private static int[] readFace(Values values, Element element, int list, long item, int vertexCount,
            int[] polygon, IntList triangles) throws MalformedMeshException {
        List<Property> properties = element.properties();
        for (int p = 0; p < properties.size(); p++) {
            Property property = properties.get(p);
            if (p != list) {
                skip(values, property, element, item);
                continue;
            }
            long k = length(values, property, element, item);
            if (polygon.length < k) {
                polygon = new int[(int) k];
            }
            for (int c = 0; c < k; c++) {
                double index = values.read(property.type());
                if (index < 0 || index >= vertexCount || index != Math.rint(index)) {
                    throw new MalformedMeshException("face " + item + " refers to vertex " + format(index) + " of " + vertexCount);
                }
                polygon[c] = (int) index;
            }
            Polygons.addFan(polygon, (int) k, triangles);
        }
        return polygon;
    }

    private static void skip(Values values, Property property, Element element, long item) throws MalformedMeshException {
        if (property.isList()) {
            values.skip(property.type(), length(values, property, element, item));
        } else {
            values.skip(property.type(), 1);
        }
    }

    /** A list's length, refused when negative or longer than the rest of the file could hold. */
    private static long length(Values values, Property property, Element element, long item) throws MalformedMeshException {
        double k = values.read(property.countType());
        if (k < 0 || k != Math.rint(k) || k > values.remaining()) {
            throw new MalformedMeshException(TextNumbers.shorten(element.name()) + " " + item + " has a "
                    + TextNumbers.shorten(property.name())
                    + " list of length " + format(k));
        }
        return (long) k;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * Refuses a header whose counts need more data than the file has (at least one byte per
     * property for ascii, the properties' sizes for binary), before arrays are sized from them.
     */
    private static void requireDataFits(Header header, long available) throws MalformedMeshException {
        long needed = 0;
        for (Element element : header.elements()) {
            long perItem = 0;
            for (Property property : element.properties()) {
                // A list's length alone for lists: they may be empty.
                perItem += header.encoding() == Encoding.ASCII ? 1
                        : property.isList() ? property.countType().bytes : property.type().bytes;
            }
            needed += element.count() * perItem;
        }
        if (needed > available) {
            throw new MalformedMeshException("truncated: the header's counts need at least " + needed
                    + " bytes of data but the file has " + available);
        }
    }

    private static Header header(byte[] data) throws MalformedMeshException {
        List<Element> elements = new ArrayList<>();
        Encoding encoding = null;
        int position = 0;
        int lineNumber = 0;
        while (true) {
            if (position >= data.length) {
                throw new MalformedMeshException("the PLY header has no end_header line");
            }
            int end = position;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            lineNumber++;
            String line = new String(data, position, end - position, StandardCharsets.ISO_8859_1).strip();
            position = end + 1;
            String[] words = line.isEmpty() ? new String[0] : line.split("\\s+");
            if (lineNumber == 1) {
                if (!line.equals("ply")) {
                    throw new MalformedMeshException("not a PLY file (the first line is not 'ply')");
                }
                continue;
            }
            if (words.length == 0 || words[0].equals("comment") || words[0].equals("obj_info")) {
                continue;
            }
            switch (words[0]) {
                case "format" -> encoding = encoding(words, lineNumber);
                case "element" -> elements.add(element(words, lineNumber));
                case "property" -> {
                    if (elements.isEmpty()) {
                        throw new MalformedMeshException("line " + lineNumber + ": a PLY property before any element");
                    }
                    elements.getLast().properties().add(property(words, lineNumber));
                }
                case "end_header" -> {
                    if (encoding == null) {
                        throw new MalformedMeshException("the PLY header has no format line");
                    }
                    return new Header(encoding, elements, Math.min(position, data.length), lineNumber);
                }
                default -> throw new MalformedMeshException("line " + lineNumber + ": unknown PLY header line '"
                        + TextNumbers.shorten(line) + "'");
            }
        }
    }

    private static Encoding encoding(String[] words, int line) throws MalformedMeshException {
        if (words.length < 2) {
            throw new MalformedMeshException("line " + line + ": the PLY format line names no format");
        }
        return switch (words[1]) {
            case "ascii" -> Encoding.ASCII;
            case "binary_little_endian" -> Encoding.LITTLE_ENDIAN;
            case "binary_big_endian" -> Encoding.BIG_ENDIAN;
            default -> throw new MalformedMeshException("line " + line + ": unknown PLY format '"
                    + TextNumbers.shorten(words[1]) + "'");
        };
    }

    private static Element element(String[] words, int line) throws MalformedMeshException {
        if (words.length != 3) {
            throw new MalformedMeshException("line " + line + ": expected 'element <name> <count>'");
        }
        long count;
        try {
            count = Long.parseLong(words[2]);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 0 || count > Integer.MAX_VALUE / 3) {
            throw new MalformedMeshException("line " + line + ": bad count '" + TextNumbers.shorten(words[2])
                    + "' for element " + TextNumbers.shorten(words[1]));
        }
        return new Element(words[1], count, new ArrayList<>());
    }

    private static Property property(String[] words, int line) throws MalformedMeshException {
        if (words.length == 3) {
            return new Property(words[2], type(words[1], line), null);
        }
        if (words.length == 5 && words[1].equals("list")) {
            Type countType = type(words[2], line);
            if (!countType.integral()) {
                throw new MalformedMeshException("line " + line + ": a PLY list's length must have an integer type, not "
                        + TextNumbers.shorten(words[2]));
            }
            return new Property(words[4], type(words[3], line), countType);
        }
        throw new MalformedMeshException("line " + line + ": expected 'property <type> <name>' or "
                + "'property list <count type> <type> <name>'");
    }

    private static Type type(String name, int line) throws MalformedMeshException {
        Type type = Type.named(name.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new MalformedMeshException("line " + line + ": unknown PLY type '" + TextNumbers.shorten(name) + "'");
        }
        return type;
    }

    /** The body's values in file order, whatever the encoding. */
    private interface Values {
        /** The next value of {@code type}; every PLY type fits a double exactly. */
        double read(Type type) throws MalformedMeshException;

        void skip(Type type, long count) throws MalformedMeshException;

        /** An upper bound on the values still to come (for refusing absurd list lengths). */
        long remaining();
    }

    private static final class BinaryValues implements Values {
        private final ByteBuffer buffer;

        BinaryValues(byte[] data, int start, ByteOrder order) {
            buffer = ByteBuffer.wrap(data, start, data.length - start).slice().order(order);
        }

        @Override
        public double read(Type type) {
            return switch (type) {
                case CHAR -> buffer.get();
                case UCHAR -> buffer.get() & 0xFF;
                case SHORT -> buffer.getShort();
                case USHORT -> buffer.getShort() & 0xFFFF;
                case INT -> buffer.getInt();
                case UINT -> buffer.getInt() & 0xFFFFFFFFL;
                case FLOAT -> buffer.getFloat();
                case DOUBLE -> buffer.getDouble();
            };
        }

        @Override
        public void skip(Type type, long count) {
            long bytes = count * type.bytes;
            if (bytes > buffer.remaining()) {
                throw new BufferUnderflowException();
            }
            buffer.position(buffer.position() + (int) bytes);
        }

        @Override
        public long remaining() {
            return buffer.remaining();
        }
    }

    private static final class AsciiValues implements Values {
        /** The body ended before the header's counts were met. */
        static final class EndOfData extends RuntimeException {
            EndOfData() {
                super(null, null, false, false);
            }
        }

        private final TextLines lines;
        private final long size;
        private String[] line = new String[0];
        private int next;

        AsciiValues(byte[] data, int start, int headerLines) {
            lines = new TextLines(data, start, headerLines, false);
            size = data.length - start;
        }

        @Override
        public double read(Type type) throws MalformedMeshException {
            String token = token();
            try {
                return type.integral() ? Long.parseLong(token) : Double.parseDouble(token);
            } catch (NumberFormatException e) {
                throw new MalformedMeshException("line " + lines.lineNumber() + ": '" + TextNumbers.shorten(token)
                        + "' is not " + (type.integral() ? "an integer" : "a number"));
            }
        }

        @Override
        public void skip(Type type, long count) {
            for (long c = 0; c < count; c++) {
                token();
            }
        }

        @Override
        public long remaining() {
            return size;
        }

        private String token() {
            while (next == line.length) {
                line = lines.next();
                next = 0;
                if (line == null) {
                    line = new String[0];
                    throw new EndOfData();
                }
            }
            return line[next++];
        }
    }
}
