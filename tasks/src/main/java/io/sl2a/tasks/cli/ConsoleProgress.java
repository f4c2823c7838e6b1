package io.sl2a.tasks.cli;

import io.sl2a.nn.train.EpochResult;
import io.sl2a.tasks.fit.ProgressReporter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with ETA and the PSNR of the last epoch. */
final class ConsoleProgress implements ProgressReporter {
    private final ProgressBar bar;

    ConsoleProgress(String task, int epochs) {
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(epochs)
                .setUnit(" epochs", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .build();
    }

    @Override
    public void epochDone(EpochResult result) {
        bar.stepTo(result.epoch() + 1);
        bar.setExtraMessage(String.format("PSNR %.2f dB", result.psnr()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
