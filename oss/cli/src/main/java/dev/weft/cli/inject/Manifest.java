package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One YAML document of the input, where it came from, and its position there (1-based), for the
 * summary and for error messages.
 */
record Manifest(String source, int index, JsonNode tree) {}
