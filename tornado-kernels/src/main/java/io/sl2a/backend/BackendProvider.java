package io.sl2a.backend;

import java.util.List;

/**
 * A backend that lives outside the default build (the TornadoVM one, which needs TornadoVM to
 * compile and run), found at run time through {@link java.util.ServiceLoader}.
 */
public interface BackendProvider {

    /** The name {@code --backend} selects it by, e.g. {@code tornado}. */
    String name();

    /** The devices it can run on, one line each, for {@code sl2a devices}. */
    List<String> devices();

    /** Opens the backend on a device: an index or name fragment, or null for its default. */
    Backend open(String deviceSelector);
}
