package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * report.md (pictures linked), report.html (the same, pictures embedded, one file to send) and
 * results.json (everything) of a reproduce run.
 */
final class ReportWriter {
    static final String MARKDOWN = "report.md";
    static final String HTML = "report.html";
    static final String RESULTS = "results.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    /** The header's facts: the command, the machine, the estimate. */
    record Header(String command, Scale scale, String machine, String started, Map<String, Double> samplesPerSecond,
            String costNote) {
    }

    static void write(Path out, Header header, List<ExperimentRecord> records) throws IOException {
        String markdown = markdown(header, records);
        AtomicFiles.write(out.resolve(MARKDOWN), markdown.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve(HTML), html(markdown, out).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve(RESULTS), JSON.writeValueAsBytes(results(header, records)));
    }

    static String markdown(Header header, List<ExperimentRecord> records) {
        StringBuilder md = new StringBuilder("# The SL2A-INR paper, reproduced at the " + header.scale().label()
                + " scale\n\n");
        md.append("`").append(header.command()).append("`, started ").append(header.started()).append(" on ")
                .append(header.machine()).append(". Scale: ").append(header.scale().description()).append(".\n\n");
        md.append("Each claim of the paper (Heidari et al., SL2A-INR, ICCV 2025 and arXiv 2409.10836) beside our figure."
                + " A claim about an order or a difference (which model is first, what a change costs) is judged at any"
                + " scale, and the scale is named; an absolute figure is judged only on the paper's own data at its"
                + " protocol, otherwise it is shown as not comparable.\n\n");
        long holds = count(records, Verdict.HOLDS);
        long fails = count(records, Verdict.DOES_NOT_HOLD);
        long other = count(records, Verdict.NOT_COMPARABLE);
        long failed = records.stream().filter(ExperimentRecord::failed).count();
        md.append(String.format(Locale.ROOT, "**%d claims hold, %d do not, %d are not comparable at this scale**%s.%n%n",
                holds, fails, other, failed == 0 ? "" : "; " + failed + " experiment(s) failed (below)"));
        MarkdownTable verdicts = new MarkdownTable("experiment", "claim", "source", "paper", "ours", "difference",
                "verdict", "why");
        for (ExperimentRecord r : records) {
            if (r.failed()) {
                verdicts.row(r.name(), "(the experiment failed)", "", "", "", "", "", r.error());
                continue;
            }
            for (Claim c : r.outcome().claims()) {
                verdicts.row(r.name(), c.statement(), c.source(), c.paper(), c.ours(), c.difference(),
                        "**" + c.verdict().text() + "**", c.why());
            }
        }
        md.append(verdicts).append('\n');
        if (!header.costNote().isEmpty()) {
            md.append("## Time\n\n").append(header.costNote()).append("\n\n");
            MarkdownTable time = new MarkdownTable("experiment", "estimated before (min)", "took (min)");
            for (ExperimentRecord r : records) {
                time.row(r.name(), minutes(r.estimatedSeconds()), r.seconds() > 0 ? minutes(r.seconds())
                        : "reused from an earlier run");
            }
            md.append(time).append('\n');
        }
        for (ExperimentRecord r : records) {
            md.append("## ").append(r.title()).append("\n\n").append("*").append(r.name()).append("*: ")
                    .append(r.protocol()).append("\n\n");
            if (r.failed()) {
                md.append("**Failed:** ").append(r.error()).append("\n\n");
                continue;
            }
            md.append(r.outcome().table()).append('\n');
            for (Figure f : r.outcome().figures()) {
                md.append("![").append(f.caption()).append("](").append(f.path()).append(")\n\n*")
                        .append(f.caption()).append("*\n\n");
            }
        }
        return md.toString();
    }

    private static String minutes(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : String.format(Locale.ROOT, "%.1f", seconds / 60);
    }

    private static long count(List<ExperimentRecord> records, Verdict verdict) {
        return records.stream().filter(r -> !r.failed()).flatMap(r -> r.outcome().claims().stream())
                .filter(c -> c.verdict() == verdict).count();
    }

    /** The report as one HTML file: Markdown rendered by commonmark, every picture embedded as a data URI. */
    static String html(String markdown, Path out) {
        var extensions = List.of(TablesExtension.create());
        Parser parser = Parser.builder().extensions(extensions).build();
        HtmlRenderer renderer = HtmlRenderer.builder().extensions(extensions)
                .attributeProviderFactory(context -> (node, tag, attributes) -> {
                    if (node instanceof Image image && attributes.containsKey("src")) {
                        attributes.put("src", dataUri(out.resolve(image.getDestination())));
                    }
                }).build();
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SL2A-INR reproduced</title>\n<style>"
                + "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;line-height:1.4}"
                + "table{border-collapse:collapse;font-size:0.9em}td,th{border:1px solid #ccc;padding:3px 6px}"
                + "img{max-width:100%}</style></head><body>\n" + renderer.render(parser.parse(markdown))
                + "</body></html>\n";
    }

    private static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            return png.getFileName().toString();
        }
    }

    private static ObjectNode results(Header header, List<ExperimentRecord> records) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", header.command());
        root.put("scale", header.scale().label());
        root.put("machine", header.machine());
        root.put("started", header.started());
        ObjectNode rates = root.putObject("samples_per_second");
        header.samplesPerSecond().forEach(rates::put);
        ArrayNode list = root.putArray("experiments");
        records.forEach(r -> list.add(JSON.valueToTree(r)));
        return root;
    }
}
