package io.sl2a.backend.tornado;

import io.sl2a.backend.Backend;
import io.sl2a.backend.BackendProvider;
import java.util.List;

/** Makes {@code --backend tornado} available through {@link java.util.ServiceLoader}. */
public final class TornadoBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public List<String> devices() {
        return TornadoBackend.deviceLines();
    }

    @Override
    public Backend open(String deviceSelector) {
        return new TornadoBackend(deviceSelector);
    }
}
