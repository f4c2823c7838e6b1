package io.sl2a.tasks.io;

import java.io.IOException;

/** A {@link java.util.function.Consumer} that may throw {@link IOException}: writers given to {@link AtomicFiles}. */
@FunctionalInterface
public interface IOConsumer<T> {
    void accept(T value) throws IOException;
}
