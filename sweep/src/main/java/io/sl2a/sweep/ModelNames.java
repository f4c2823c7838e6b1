package io.sl2a.sweep;

import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.tasks.io.UserInputException;

/** Checks a sweep's model names before any job starts (else every job of a misspelt model fails alike). */
final class ModelNames {
    private ModelNames() {
    }

    static String require(String name) {
        if (ModelRegistry.find(name).isEmpty()) {
            throw new UserInputException("unknown model '" + name + "': use one of " + String.join(", ",
                    ModelRegistry.names()) + " (see: sl2a models)");
        }
        return name;
    }
}
