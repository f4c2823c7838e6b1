package io.sl2a.tasks.cli;

import io.sl2a.nn.train.EpochResult;
import io.sl2a.tasks.fit.ProgressReporter;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on stderr with ETA and the PSNR of the last epoch. */
final class ConsoleProgress implements ProgressReporter {
    private final ProgressBar bar;
    private final Function<EpochResult, String> message;

    ConsoleProgress(String task, int epochs) {
        this(task, epochs, " epochs", result -> String.format("PSNR %.2f dB", result.psnr()));
    }

    /** Counting {@code unit}s (" steps"), with {@code message} of the last one beside the bar. */
    ConsoleProgress(String task, int total, String unit, Function<EpochResult, String> message) {
        this.message = message;
        this.bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .build();
    }

    @Override
    public void epochDone(EpochResult result) {
        bar.stepTo(result.epoch() + 1);
        bar.setExtraMessage(message.apply(result));
    }

    @Override
    public void close() {
        bar.close();
    }
}
