package io.sl2a.tasks.volume;

import java.util.Arrays;

/** A growable float array, so that readers need not trust a file's counts to size their arrays. */
final class FloatList {
    private float[] values;
    private int size;

    FloatList(int capacity) {
        values = new float[Math.max(16, capacity)];
    }

    void add(float value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, Math.max(16, size + (size >> 1)));
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    float[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
