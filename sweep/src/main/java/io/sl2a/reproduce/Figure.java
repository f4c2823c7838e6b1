package io.sl2a.reproduce;

/**
 * A picture an experiment made.
 *
 * @param path the PNG, relative to the report's directory
 * @param caption what it shows
 */
public record Figure(String path, String caption) {
}
