package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one experiment found.
 *
 * @param table its measurements as a Markdown table (or paragraphs)
 * @param figures its pictures
 * @param claims the paper's claims it tests, each with a verdict
 * @param measured every figure it measured, machine-readable (goes into results.json)
 */
public record Outcome(String table, List<Figure> figures, List<Claim> claims, JsonNode measured) {
    public Outcome {
        figures = List.copyOf(figures);
        claims = List.copyOf(claims);
    }
}
