package io.sl2a.tasks.fit;

import io.sl2a.nn.train.EpochResult;

/** Receives the progress of a fit; the command line shows a progress bar, tests stay silent. */
public interface ProgressReporter extends AutoCloseable {
    ProgressReporter SILENT = new ProgressReporter() {
        @Override
        public void epochDone(EpochResult result) {
        }

        @Override
        public void close() {
        }
    };

    void epochDone(EpochResult result);

    @Override
    void close();
}
