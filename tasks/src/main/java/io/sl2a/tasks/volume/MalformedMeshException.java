package io.sl2a.tasks.volume;

/**
 * Raised by the format parsers with the reason a file is not a usable mesh (e.g. "line 7: face 3
 * refers to vertex 12 of 8"); {@link MeshReader} adds the file name and turns it into a
 * {@link io.sl2a.tasks.io.UserInputException}.
 */
final class MalformedMeshException extends Exception {
    MalformedMeshException(String reason) {
        super(reason);
    }
}
