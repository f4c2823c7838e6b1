package io.sl2a.nn.models;

/** A baseline configuration: its coordinates in and channels out are those of its {@link MlpShape}. */
interface MlpModel extends ModelConfig {
    MlpShape shape();

    @Override
    default int inFeatures() {
        return shape().inFeatures();
    }

    @Override
    default int outFeatures() {
        return shape().outFeatures();
    }
}
