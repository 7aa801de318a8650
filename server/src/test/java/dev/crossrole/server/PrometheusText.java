package dev.crossrole.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page in Prometheus' text format (0.0.4), parsed strictly: each sample belongs to a family
 * declared by a {@code # TYPE} line before it, names and labels are well formed, values are
 * numbers. A page that breaks a rule throws, naming the line.
 */
record PrometheusText(Map<String, String> types, List<Sample> samples) {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\"\\\\n])*)\"(,|$)");
  private static final List<String> SUFFIXES =
      List.of("_bucket", "_count", "_sum", "_total", "_created");

  /** One sample: its metric name, labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static PrometheusText parse(String page) {
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    int number = 0;
    for (String line : page.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        if (types.put(type.group(1), type.group(2)) != null) {
          throw new IllegalArgumentException("line " + number + ": family declared twice");
        }
        continue;
      }
      if (HELP.matcher(line).matches()) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        throw new IllegalArgumentException("line " + number + " is malformed: " + line);
      }
      if (familyOf(sample.group(1), types).isEmpty()) {
        throw new IllegalArgumentException("line " + number + ": no # TYPE before " + line);
      }
      samples.add(
          new Sample(sample.group(1), labels(sample.group(2), number), value(sample.group(3))));
    }
    return new PrometheusText(types, samples);
  }

  private static Optional<String> familyOf(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return Optional.of(name);
    }
    return SUFFIXES.stream()
        .filter(name::endsWith)
        .map(s -> name.substring(0, name.length() - s.length()))
        .filter(types::containsKey)
        .findFirst();
  }

  private static Map<String, String> labels(String text, int number) {
    Map<String, String> labels = new HashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("line " + number + ": bad labels " + text);
      }
      labels.put(m.group(1), m.group(2));
      at = m.end();
    }
    return labels;
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /** The value of the one sample of {@code name} with all of {@code labels}, if there is one. */
  Optional<Double> value(String name, Map<String, String> labels) {
    List<Sample> found =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    if (found.size() > 1) {
      throw new IllegalArgumentException(found.size() + " samples of " + name + " " + labels);
    }
    return found.stream().findFirst().map(Sample::value);
  }
}
