package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.sweep.SweepMain;
import io.sl2a.tasks.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What an experiment runs with: its scale, its data, its directory, the project's commands (run
 * in this process, each into a folder of the experiment's directory) and the outcomes of the
 * experiments it needs.
 */
public final class ExperimentContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scale scale;
    private final DataSources data;
    private final Path directory;
    private final Path reportDirectory;
    private final String master;
    private final Function<String, Outcome> outcomes;

    ExperimentContext(Scale scale, DataSources data, Path directory, Path reportDirectory, String master,
            Function<String, Outcome> outcomes) {
        this.scale = scale;
        this.data = data;
        this.directory = directory;
        this.reportDirectory = reportDirectory;
        this.master = master;
        this.outcomes = outcomes;
    }

    public Scale scale() {
        return scale;
    }

    public DataSources data() {
        return data;
    }

    /** The experiment's own directory, OUT/NAME. */
    public Path directory() {
        return directory;
    }

    /** {@code file} as the report names it: relative to OUT, with forward slashes. */
    public String reportPath(Path file) {
        return reportDirectory.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** A path the report names ({@link #reportPath}) as a file. */
    public Path reportFile(String reportPath) {
        return reportDirectory.resolve(reportPath);
    }

    /** The outcome of another experiment (run now if it has not run in this OUT). */
    public Outcome outcomeOf(String experiment) {
        return outcomes.apply(experiment);
    }

    /**
     * Runs {@code sl2a COMMAND ARGS} with its output directory {@code out}, unless a finished run
     * is there already ({@code done} exists in it): the way an experiment resumes.
     *
     * @throws ExperimentFailure if the command fails (it has said why on stderr)
     * @throws InterruptedException if it was stopped by Ctrl-C (its state is saved where it can be)
     */
    public void sl2a(Path out, String done, List<String> arguments) throws InterruptedException {
        if (Files.exists(out.resolve(done))) {
            return;
        }
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of("--out", out.toString()));
        boolean sweep = all.getFirst().equals("sweep") || all.getFirst().equals("fit-many");
        if (sweep) {
            all.addAll(List.of("--master", master));
        }
        String[] args = all.toArray(String[]::new);
        int code = sweep ? SweepMain.run(args) : Main.run(args);
        if (code == Main.INTERRUPTED) {
            throw new InterruptedException("sl2a " + all.getFirst() + " was stopped");
        }
        if (code != 0) {
            throw new ExperimentFailure("sl2a " + String.join(" ", all) + " failed with exit code " + code, code);
        }
        if (!Files.exists(out.resolve(done))) {
            throw new ExperimentFailure("sl2a " + all.getFirst() + " finished without writing " + out.resolve(done), 1);
        }
    }

    public void sl2a(Path out, String done, String... arguments) throws InterruptedException {
        sl2a(out, done, List.of(arguments));
    }

    /** A JSON file a command wrote. */
    public JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ExperimentFailure("cannot read " + file + ": " + e.getMessage(), 1);
        }
    }
}
