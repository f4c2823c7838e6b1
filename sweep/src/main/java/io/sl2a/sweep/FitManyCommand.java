package io.sl2a.sweep;

import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.cli.BackendOptions;
import io.sl2a.tasks.cli.BatchFlag;
import io.sl2a.tasks.cli.CommandDefaults;
import io.sl2a.tasks.cli.FitCommand;
import io.sl2a.tasks.cli.ModelOptions;
import io.sl2a.tasks.cli.TrainingFlags;
import io.sl2a.tasks.fit.CheckpointFiles;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sl2a fit-many DIR|GLOB --out OUT}: one fit per image, as Spark jobs. */
@Command(name = "fit-many", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit one network per image of DIR (or matched by GLOB) on Apache Spark, each as 'sl2a fit'"
        + " with the same options would.",
        footer = {"", "Writes OUT/SIGNAL/MODEL/ (each fit's model.safetensors, reconstruction.png, metrics.json),"
            + " results.parquet, results.json and table.md. Runs that finished before are skipped; one cut short"
            + " after a checkpoint (--checkpoint-every) is continued.",
            "Exit code 4: some jobs failed (their rows say why); the others finished."})
public final class FitManyCommand implements Callable<Integer>, CommandDefaults {
    /** The options of fit-many itself; every other option given goes to each fit. */
    private static final Set<String> OWN = Set.of("--out", "--master", "--task-cpus", "--spark-ui", "--model",
            "--help", "--version");

    @Parameters(index = "0", paramLabel = "DIR|GLOB",
            description = "A directory (its .png and .jpg files) or a glob of file names (quote it: 'images/*.png').")
    String input;

    @Mixin
    ModelOptions modelOptions;

    // The options of fit, declared by the groups fit mixes in: parsed and checked here, handed on
    // to each job as typed (GivenOptions); the fields themselves are not read.
    @Mixin
    TrainingFlags training;

    @Mixin
    BatchFlag batching;

    @Option(names = "--downscale", paramLabel = "F", description = "Shrink each image by F first, as fit does.")
    Double downscale;

    @Option(names = "--init", paramLabel = "CKPT",
            description = "Start every fit from this checkpoint (its architecture is used; the model's name, unless"
            + " --model gives it, names the run directories).")
    Path init;

    @Option(names = "--no-grid", description = "Expand the Chebyshev basis at every pixel instead of once per pixel row"
            + " and column, as fit does (same results up to rounding, slower; for comparison).")
    boolean noGrid;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Every N epochs, each fit writes its model, training state and metrics so far; a rerun"
            + " continues a fit cut short from its last one.")
    Integer checkpointEvery;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    SweepOptions engine;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> settings = GivenOptions.of(spec, OWN);
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new UserInputException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        if (settings.remove("model-config") != null) {
            // The file's options become each job's own, as if typed: the rows and run directories say
            // what each fit got, and no executor needs the file.
            modelOptions.givenOptions().forEach((name, value) -> settings.putIfAbsent(name, String.valueOf(value)));
        }
        if (init != null) {
            // Executors run in other working directories (or on other machines of a shared file system).
            settings.put("init", init.toAbsolutePath().normalize().toString());
        }
        String named = modelOptions.namedModel();
        String model = ModelNames.require(named != null ? named
                : init != null ? CheckpointFiles.load(init).config().model() : Sl2aConfig.NAME);
        Map<String, Path> signals = SignalFiles.expand(List.of(input), Path.of(""));
        try (SweepRun run = new SweepRun("fit-many", engine)) {
            List<Job> jobs = new ArrayList<>();
            signals.forEach((signal, image) -> jobs.add(new Job(signal, model, image.toString(),
                    JobSettings.withThreads(settings, engine.taskCpus),
                    run.out().resolve(signal).resolve(model).toString())));
            run.run(jobs);
            return run.finish();
        }
    }

    /** fit's defaults, so that the help shows what a job gets where an option is not given (OUT is fit-many's own). */
    @Override
    public Map<String, String> optionDefaults() {
        Map<String, String> defaults = new HashMap<>(new FitCommand().optionDefaults());
        defaults.remove("--out");
        return defaults;
    }
}
