package io.sl2a.backend;

import io.sl2a.program.Op;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A backend's binders of operations, by {@link Op} record class: each family of operations
 * declares the records it binds ({@link #on}), and {@link #bind} looks an operation's record class
 * up, so a backend needs no switch over every operation.
 *
 * @param <S> what an operation is bound to (the backend's step)
 */
public final class OpBinders<S> {
    private final String backend;
    private final Map<Class<? extends Op>, Function<Op, S>> binders = new HashMap<>();

    /** {@code backend} names the backend in the messages. */
    public OpBinders(String backend) {
        this.backend = backend;
    }

    /** Declares the binder of the records of {@code type}; a second binder for the same type is refused. */
    public <T extends Op> OpBinders<S> on(Class<T> type, Function<? super T, ? extends S> binder) {
        Function<Op, S> typed = op -> binder.apply(type.cast(op));
        if (binders.putIfAbsent(type, typed) != null) {
            throw new IllegalStateException("the " + backend + " backend declares two binders for "
                    + type.getSimpleName());
        }
        return this;
    }

    /** The operation bound by its family; refused when no family declares its record class. */
    public S bind(Op op) {
        Function<Op, S> binder = binders.get(op.getClass());
        if (binder == null) {
            throw new IllegalArgumentException("the " + backend + " backend cannot run " + op.getClass().getSimpleName()
                    + ": no family of operations binds it");
        }
        return binder.apply(op);
    }

    /** The record classes declared. */
    public Set<Class<? extends Op>> bound() {
        return Set.copyOf(binders.keySet());
    }
}
