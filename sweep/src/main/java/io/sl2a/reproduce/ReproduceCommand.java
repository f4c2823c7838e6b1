package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.Plural;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sl2a reproduce}: the paper's experiments, each claim beside our figure, in one report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the paper's experiments and write a report of its claims beside our figures"
        + " (see docs/reproduce.md).",
        footer = {"", "Experiments: image, variants, skip, relu, degree, kan, occupancy, convergence, superres, ct,"
            + " inpaint, nerf, spectral-bias, ntk.",
            "Writes OUT/report.md, OUT/report.html (pictures embedded), OUT/results.json and each experiment's runs"
            + " under OUT/NAME/. Run again, it reuses the experiments that finished.",
            "Exit code 4: some experiments failed (the report says why); 130: stopped by Ctrl-C (run again to go on)."})
public final class ReproduceCommand implements Callable<Integer> {
    static final int SOME_FAILED = 4;
    static final String OUTCOME = "outcome.json";
    static final String RUN_FILE = "reproduce.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--scale", defaultValue = "quick", paramLabel = "quick|paper",
            description = "quick: reduced to about an hour on a laptop; paper: the paper's protocol, its cost estimated"
            + " first; tiny: the smallest run of each experiment, for tests (default: ${DEFAULT-VALUE}).")
    String scaleName;

    @Option(names = "--only", split = ",", paramLabel = "NAMES", description = "Run only these experiments.")
    List<String> only;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reproduce",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--samples", paramLabel = "DIR", description = "The project's samples/ folder (default: the one"
            + " beside the launcher).")
    Path samples;

    @Option(names = "--div2k", paramLabel = "DIR", description = "DIV2K images (512x512 PNGs) for the paper's scale.")
    Path div2k;

    @Option(names = "--meshes", paramLabel = "DIR", description = "Closed meshes (the Stanford scans) for the paper's"
            + " occupancy.")
    Path meshes;

    @Option(names = "--blender", paramLabel = "DIR", description = "The NeRF-synthetic scenes for the paper's NeRF.")
    Path blender;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master of the sweeps (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--estimate", description = "Print the plan and its estimated time, then stop.")
    boolean estimateOnly;

    private final PrintStream console = System.err;

    @Override
    public Integer call() throws IOException {
        Scale scale = scale(scaleName);
        Path root = out.toAbsolutePath().normalize();
        DataSources data = new DataSources(samplesFolder(), absolute(div2k), absolute(meshes), absolute(blender),
                estimateOnly);
        List<Experiment> experiments = Experiments.select(only);
        // Each experiment's plan names its data: at the paper's scale, a data set that is missing stops here.
        Map<String, String> protocols = new LinkedHashMap<>();
        for (Experiment e : experiments) {
            protocols.put(e.name(), e.protocol(scale, data));
            e.workload(scale, data);
        }
        try (OutputDirectory taken = OutputDirectory.open(root)) {
            checkScale(root, scale);
            Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, ExperimentRecord> records = new LinkedHashMap<>();
            Map<String, Double> estimates = new HashMap<>();
            Runner runner = new Runner(scale, data, root, records, estimates, protocols);
            CostEstimate cost;
            try {
                cost = scale == Scale.TINY ? CostEstimate.none()
                        : CostEstimate.calibrate(experiments, scale, data, runner.context(root));
            } catch (InterruptedException e) {
                console.println("sl2a reproduce: stopped during calibration; run again to go on");
                return io.sl2a.tasks.cli.Main.INTERRUPTED;
            }
            double total = 0;
            console.printf(Locale.ROOT, "sl2a reproduce: %s at the %s scale into %s%n",
                    Plural.of(experiments.size(), "experiment"), scale.label(), root);
            for (Experiment e : experiments) {
                double seconds = cost.seconds(e, scale, data);
                estimates.put(e.name(), seconds);
                total += Double.isNaN(seconds) ? 0 : seconds;
                console.printf(Locale.ROOT, "  %-14s %s%n", e.name(), Double.isNaN(seconds) ? "not estimated"
                        : String.format(Locale.ROOT, "about %.1f min", seconds / 60));
            }
            String costNote = scale == Scale.TINY ? "" : costNote(total, cost);
            if (estimateOnly && scale == Scale.PAPER && (div2k == null || meshes == null || blender == null)) {
                console.println("sl2a reproduce: the data sets not given are counted at the paper's sizes (16 DIV2K"
                        + " images, five scans, eight Blender scenes)");
            }
            if (!costNote.isEmpty()) {
                console.println("sl2a reproduce: " + costNote);
            }
            if (estimateOnly) {
                return 0;
            }
            runner.estimatesReady(experiments.size());
            boolean interrupted = false;
            for (Experiment e : experiments) {
                try {
                    runner.outcomeOf(e.name());
                } catch (StoppedException stopped) {
                    interrupted = true;
                    break;
                }
            }
            List<ExperimentRecord> done = new ArrayList<>();
            for (Experiment e : Experiments.all().values()) {
                if (records.containsKey(e.name())) {
                    done.add(records.get(e.name()));
                }
            }
            ReportWriter.write(root, new ReportWriter.Header(commandLine(scale), scale, Machine.describe(),
                    started.toString(), cost.samplesPerSecond(), costNote), done);
            long failed = done.stream().filter(ExperimentRecord::failed).count();
            long claims = done.stream().filter(r -> !r.failed()).mapToLong(r -> r.outcome().claims().size()).sum();
            long holds = done.stream().filter(r -> !r.failed()).flatMap(r -> r.outcome().claims().stream())
                    .filter(c -> c.verdict() == Verdict.HOLDS).count();
            console.printf(Locale.ROOT, "sl2a reproduce: %s, %d failed; %d of %s hold; wrote %s%n",
                    Plural.of(done.size(), "experiment"), failed, holds, Plural.of(claims, "claim"),
                    root.resolve(ReportWriter.MARKDOWN));
            if (interrupted) {
                console.println("sl2a reproduce: stopped; run the same command again to go on");
                return io.sl2a.tasks.cli.Main.INTERRUPTED;
            }
            return failed == 0 ? 0 : SOME_FAILED;
        }
    }

    private static String costNote(double seconds, CostEstimate cost) {
        return String.format(Locale.ROOT, "estimated %.1f hours of training on this machine (%d cores), from each model's"
                + " samples per second over 15 epochs of a 128x128 fit (calibration.json); on a Spark cluster the image grid's"
                + " and final fits are independent jobs, so N executors divide that part by about N; a GPU's figure"
                + " needs a GPU run (bench/gpu), which has not been made.", seconds / 3600,
                Runtime.getRuntime().availableProcessors());
    }

    private String commandLine(Scale scale) {
        return "sl2a reproduce --scale " + scale.label() + (only == null ? "" : " --only " + String.join(",", only));
    }

    private static Scale scale(String name) {
        for (Scale s : Scale.values()) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new UserInputException("--scale must be quick or paper (or tiny, for tests), got '" + name + "'");
    }

    private Path samplesFolder() {
        if (samples != null) {
            return samples.toAbsolutePath().normalize();
        }
        String home = System.getProperty("sl2a.home");
        return (home == null ? Path.of("samples") : Path.of(home, "samples")).toAbsolutePath().normalize();
    }

    private static Path absolute(Path path) {
        if (path == null) {
            return null;
        }
        if (!Files.isDirectory(path)) {
            throw new UserInputException(path + " is not a folder");
        }
        return path.toAbsolutePath().normalize();
    }

    /** OUT holds one scale's runs: a rerun at another scale would mix them. */
    private static void checkScale(Path root, Scale scale) {
        Path file = root.resolve(RUN_FILE);
        try {
            if (Files.exists(file)) {
                String before = JSON.readTree(file.toFile()).path("scale").asText();
                if (!before.equals(scale.label())) {
                    throw new UserInputException(root + " holds a run at the " + before + " scale: give another --out");
                }
                return;
            }
            ObjectNode node = JSON.createObjectNode().put("scale", scale.label());
            AtomicFiles.write(file, JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UserInputException("cannot use " + root + ": " + IoErrors.reason(e));
        }
    }

    /** Ctrl-C during an experiment: the run stops after saving what finished. */
    static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("stopped");
        }
    }

    /** Runs experiments once each (a dependency first), reusing outcomes a finished run left. */
    private final class Runner {
        private final Scale scale;
        private final DataSources data;
        private final Path root;
        private final Map<String, ExperimentRecord> records;
        private final Map<String, Double> estimates;
        private final Map<String, String> protocols;
        private final Instant begun = Instant.now();
        private int total;
        private int started;

        Runner(Scale scale, DataSources data, Path root, Map<String, ExperimentRecord> records,
                Map<String, Double> estimates, Map<String, String> protocols) {
            this.scale = scale;
            this.data = data;
            this.root = root;
            this.records = records;
            this.estimates = estimates;
            this.protocols = protocols;
        }

        void estimatesReady(int experiments) {
            this.total = experiments;
        }

        ExperimentContext context(Path directory) {
            return new ExperimentContext(scale, data, directory, root, master, this::outcomeOf);
        }

        Outcome outcomeOf(String name) {
            ExperimentRecord known = records.get(name);
            if (known == null) {
                known = run(Experiments.all().get(name));
                records.put(name, known);
            }
            if (known.failed()) {
                throw new ExperimentFailure(name + " failed: " + known.error(), 1);
            }
            return known.outcome();
        }

        private ExperimentRecord run(Experiment experiment) {
            Path directory = root.resolve(experiment.name());
            Path file = directory.resolve(OUTCOME);
            String protocol = protocols.computeIfAbsent(experiment.name(), n -> experiment.protocol(scale, data));
            double estimate = estimates.getOrDefault(experiment.name(), Double.NaN);
            // A finished experiment runs again over its finished runs (each command is skipped), so that
            // its claims are judged by this version's rules; its time stays the first run's.
            ExperimentRecord before = null;
            if (Files.exists(file)) {
                try {
                    before = JSON.readValue(file.toFile(), ExperimentRecord.class);
                } catch (IOException e) {
                    console.printf("sl2a reproduce: %s: cannot read %s (%s); running it again%n", experiment.name(), file,
                            IoErrors.reason(e));
                }
            }
            if (before != null && !before.failed()) {
                console.printf("sl2a reproduce: %s finished before; judging its runs again%n", experiment.name());
            }
            started++;
            console.printf(Locale.ROOT, "sl2a reproduce: [%d/%d] %s%s, after %.1f min%n", started, Math.max(total, started),
                    experiment.name(), Double.isNaN(estimate) ? "" : String.format(Locale.ROOT, " (estimated %.1f min)",
                            estimate / 60), (Instant.now().toEpochMilli() - begun.toEpochMilli()) / 60000.0);
            long t0 = System.nanoTime();
            try {
                Files.createDirectories(directory);
                Outcome outcome = experiment.run(context(directory));
                boolean reused = before != null && !before.failed();
                double seconds = reused ? before.seconds() : (System.nanoTime() - t0) / 1e9;
                ExperimentRecord record = new ExperimentRecord(experiment.name(), experiment.title(), scale.label(),
                        protocol, reused ? before.estimatedSeconds() : estimate, seconds, outcome, null);
                AtomicFiles.write(file, JSON.writeValueAsBytes(record));
                return record;
            } catch (InterruptedException e) {
                throw new StoppedException();
            } catch (ExperimentFailure | UserInputException | IOException | java.io.UncheckedIOException e) {
                console.println("sl2a reproduce: " + experiment.name() + " failed: " + e.getMessage());
                return new ExperimentRecord(experiment.name(), experiment.title(), scale.label(), protocol, estimate,
                        (System.nanoTime() - t0) / 1e9, null, String.valueOf(e.getMessage()));
            }
        }
    }
}
