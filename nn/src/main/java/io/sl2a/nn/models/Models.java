package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.CheckpointMetadata;
import java.util.List;
import java.util.Map;

/** Every model the library has, by name, and reading a model's configuration back from a checkpoint. */
public final class Models {
    /** The model names, SL2A first. */
    public static final List<String> NAMES = List.of("sl2a", ReluConfig.NAME, ReluPeConfig.NAME, SirenConfig.NAME,
            GaussConfig.NAME, WireConfig.NAME, FinerConfig.NAME,
            ChebyKanConfig.NAME, MfnFourierConfig.NAME, MfnGaborConfig.NAME, KanConfig.NAME, IncodeConfig.NAME);

    private Models() {
    }

    /**
     * The configuration a checkpoint's metadata describes. SL2A's checkpoints carry no model field
     * (they predate the others), so a missing one means SL2A.
     */
    public static ModelConfig fromMetadata(Map<String, String> metadata, String source) {
        String model = metadata.getOrDefault(ModelMetadata.MODEL, "sl2a");
        if (!"sl2a".equals(metadata.get(ModelMetadata.FORMAT))) {
            throw new CheckpointException(source + ": metadata format is '" + metadata.get(ModelMetadata.FORMAT)
                    + "', expected 'sl2a'");
        }
        ModelMetadata meta = new ModelMetadata(metadata, source);
        try {
            return switch (model) {
                case "sl2a" -> CheckpointMetadata.parse(metadata, source);
                case ReluConfig.NAME -> ReluConfig.parse(meta);
                case ReluPeConfig.NAME -> ReluPeConfig.parse(meta);
                case SirenConfig.NAME -> SirenConfig.parse(meta);
                case GaussConfig.NAME -> GaussConfig.parse(meta);
                case WireConfig.NAME -> WireConfig.parse(meta);
                case FinerConfig.NAME -> FinerConfig.parse(meta);
                case ChebyKanConfig.NAME -> ChebyKanConfig.parse(meta);
                case MfnFourierConfig.NAME -> MfnFourierConfig.parse(meta);
                case MfnGaborConfig.NAME -> MfnGaborConfig.parse(meta);
                case KanConfig.NAME -> KanConfig.parse(meta);
                case IncodeConfig.NAME -> IncodeConfig.parse(meta);
                case NerfFieldConfig.NAME -> NerfFieldConfig.parse(meta, metadata, source);
                default -> throw new CheckpointException(source + ": unknown model '" + model + "' (known: "
                        + String.join(", ", NAMES) + ")");
            };
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": metadata describes an invalid model: " + e.getMessage());
        }
    }
}
