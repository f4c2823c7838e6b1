package io.sl2a.tasks.volume;

/** An axis-aligned box, in the units of the mesh it was measured on. */
public record BoundingBox(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {
    /** The lower bound along {@code axis} (0 = x, 1 = y, 2 = z). */
    public double min(int axis) {
        return switch (axis) {
            case 0 -> minX;
            case 1 -> minY;
            case 2 -> minZ;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }

    /** The upper bound along {@code axis}. */
    public double max(int axis) {
        return switch (axis) {
            case 0 -> maxX;
            case 1 -> maxY;
            case 2 -> maxZ;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }

    public double size(int axis) {
        return max(axis) - min(axis);
    }

    public double centre(int axis) {
        return 0.5 * (min(axis) + max(axis));
    }

    /** The longest of the three sides. */
    public double largestSide() {
        return Math.max(size(0), Math.max(size(1), size(2)));
    }

    /** The smallest box holding both. */
    public BoundingBox union(BoundingBox other) {
        return new BoundingBox(Math.min(minX, other.minX), Math.min(minY, other.minY), Math.min(minZ, other.minZ),
                Math.max(maxX, other.maxX), Math.max(maxY, other.maxY), Math.max(maxZ, other.maxZ));
    }
}
