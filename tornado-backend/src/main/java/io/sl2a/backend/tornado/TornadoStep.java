package io.sl2a.backend.tornado;

/**
 * One operation bound by its family ({@code Tornado*Ops}): adds the operation's tasks, and the
 * scratch buffers they share, to the {@link TornadoOperation} being built.
 */
@FunctionalInterface
interface TornadoStep {
    void addTo(TornadoOperation operation);
}
