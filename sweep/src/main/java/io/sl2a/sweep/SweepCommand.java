package io.sl2a.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sl2a sweep SWEEP.json --out OUT}: signals x models x settings, and the paper's selection rule. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit every model at every setting of a grid to every signal on Apache Spark; with \"select\","
        + " then run each model's best setting (best mean PSNR over the signals) again (see docs/sweeps.md).",
        footer = {"", "Writes OUT/runs/SIGNAL/MODEL/SETTING/, OUT/final/SIGNAL/MODEL/ (with select), selected.json,"
            + " results.parquet, results.json and table.md. Runs that finished before are skipped.",
            "Exit code 4: some jobs failed (their rows say why); the others finished."})
public final class SweepCommand implements Callable<Integer> {
    static final String SELECTED = "selected.json";

    @Parameters(index = "0", paramLabel = "SWEEP.json", description = "The sweep (docs/sweeps.md).")
    Path file;

    @Mixin
    SweepOptions engine;

    @Override
    public Integer call() throws InterruptedException {
        SweepPlan plan = SweepPlan.read(file);
        Map<String, Path> signals = SignalFiles.expand(plan.signals(), plan.base());
        Map<String, Path> finalSignals = plan.select() ? SignalFiles.expand(plan.finalSignals(), plan.base()) : Map.of();
        try (SweepRun run = new SweepRun("sweep", engine)) {
            List<Job> grid = new ArrayList<>();
            for (String model : plan.models()) {
                for (Map<String, String> setting : plan.settings()) {
                    for (Map.Entry<String, Path> signal : signals.entrySet()) {
                        Path directory = run.out().resolve("runs").resolve(signal.getKey()).resolve(model);
                        grid.add(job(signal, model, merged(plan.options(), setting), setting.isEmpty() ? directory
                                : directory.resolve(settingName(setting))));
                    }
                }
            }
            List<JobResult> results = run.run(grid);
            if (plan.select()) {
                Map<String, Selection.Best> best = Selection.best(grid, results, plan.grid().keySet());
                writeSelected(best, run.out());
                List<Job> finals = new ArrayList<>();
                for (String model : plan.models()) {
                    Selection.Best chosen = best.get(model);
                    if (chosen == null) {
                        System.err.println("sl2a sweep: " + model + ": no setting fitted every signal; no final run");
                        continue;
                    }
                    Map<String, String> options = merged(merged(plan.options(), chosen.setting()), plan.finalOptions());
                    for (Map.Entry<String, Path> signal : finalSignals.entrySet()) {
                        finals.add(job(signal, model, options,
                                run.out().resolve("final").resolve(signal.getKey()).resolve(model)));
                    }
                }
                run.run(finals);
            }
            return run.finish();
        }
    }

    private Job job(Map.Entry<String, Path> signal, String model, Map<String, String> options, Path directory) {
        return new Job(signal.getKey(), model, signal.getValue().toString(),
                JobSettings.withThreads(options, engine.taskCpus), directory.toString());
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(base);
        all.putAll(more);
        return all;
    }

    /** A setting's directory name: {@code batch=4096,lr=0.001} (names sorted). */
    static String settingName(Map<String, String> setting) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(setting).forEach((name, value) -> parts.add(name + "=" + value.replace('/', '_')));
        return String.join(",", parts);
    }

    private static void writeSelected(Map<String, Selection.Best> best, Path out) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        best.forEach((model, chosen) -> {
            ObjectNode node = root.putObject(model);
            ObjectNode setting = node.putObject("setting");
            chosen.setting().forEach(setting::put);
            node.put("mean_psnr", chosen.meanPsnr());
        });
        try {
            AtomicFiles.write(out.resolve(SELECTED), json.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new UserInputException("cannot write " + out.resolve(SELECTED) + ": " + IoErrors.reason(e));
        }
    }
}
