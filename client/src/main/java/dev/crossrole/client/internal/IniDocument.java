package dev.crossrole.client.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS shared config or credentials file, edited in place: every line the edits do not touch —
 * other sections, comments, blank lines, unknown keys and indented sub-properties (the {@code s3 =}
 * block of a profile, a {@code services} section) — is kept byte for byte, line endings included.
 * Only the properties set or removed change, and a property set to the value it has changes
 * nothing.
 */
public final class IniDocument {
  private final List<String> lines;
  private final String newline;

  private IniDocument(List<String> lines, String newline) {
    this.lines = lines;
    this.newline = newline;
  }

  /** The document of {@code text}, which may be empty. */
  public static IniDocument parse(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      lines.add(text.substring(start, next));
      start = next;
    }
    return new IniDocument(lines, text.contains("\r\n") ? "\r\n" : "\n");
  }

  /** The document's text. */
  public String text() {
    return String.join("", lines);
  }

  /** Whether a section with this exact name (inside the brackets, trimmed) exists. */
  public boolean hasSection(String section) {
    return headerIndex(section).isPresent();
  }

  /** The section names, in file order, each once. */
  public List<String> sections() {
    List<String> names = new ArrayList<>();
    for (String line : lines) {
      sectionName(line).filter(n -> !names.contains(n)).ifPresent(names::add);
    }
    return names;
  }

  /**
   * The top-level properties of {@code section} in file order; a property's indented sub-properties
   * are left out (they are not values this class edits).
   */
  public Map<String, String> properties(String section) {
    Map<String, String> properties = new LinkedHashMap<>();
    headerIndex(section)
        .ifPresent(
            header -> {
              for (int i = header + 1; i < sectionEnd(header); i++) {
                Optional<String[]> property = property(lines.get(i));
                property.ifPresent(p -> properties.put(p[0], p[1]));
              }
            });
    return properties;
  }

  /**
   * Sets {@code key} in {@code section} to {@code value}: the existing line is replaced when its
   * value differs, a new line goes after the section's last property, and a missing section is
   * appended at the end of the file.
   */
  public void set(String section, String key, String value) {
    String line = key + " = " + value + newline;
    Optional<Integer> header = headerIndex(section);
    if (header.isEmpty()) {
      appendSection(section, line);
      return;
    }
    Optional<Integer> existing = propertyIndex(header.get(), key);
    if (existing.isPresent()) {
      int i = existing.get();
      if (!property(lines.get(i)).map(p -> p[1].equals(value)).orElse(false)) {
        lines.set(i, line);
      }
      return;
    }
    int insertAt = lastPropertyLine(header.get()) + 1;
    terminate(insertAt - 1);
    lines.add(insertAt, line);
  }

  /** Removes {@code key} and its sub-properties from {@code section}, if it is there. */
  public void remove(String section, String key) {
    headerIndex(section)
        .flatMap(header -> propertyIndex(header, key))
        .ifPresent(
            i -> {
              lines.remove((int) i);
              while (i < lines.size() && isSubProperty(lines.get(i))) {
                lines.remove((int) i);
              }
            });
  }

  private void appendSection(String section, String firstLine) {
    if (!lines.isEmpty()) {
      terminate(lines.size() - 1);
      if (!lines.get(lines.size() - 1).isBlank()) {
        lines.add(newline);
      }
    }
    lines.add("[" + section + "]" + newline);
    lines.add(firstLine);
  }

  /** Gives line {@code i} a line ending if it is the file's last line and has none. */
  private void terminate(int i) {
    String line = lines.get(i);
    if (!line.endsWith("\n")) {
      lines.set(i, line + newline);
    }
  }

  private Optional<Integer> headerIndex(String section) {
    for (int i = 0; i < lines.size(); i++) {
      if (sectionName(lines.get(i)).map(section::equals).orElse(false)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private int sectionEnd(int header) {
    int i = header + 1;
    while (i < lines.size() && sectionName(lines.get(i)).isEmpty()) {
      i++;
    }
    return i;
  }

  private Optional<Integer> propertyIndex(int header, String key) {
    for (int i = header + 1; i < sectionEnd(header); i++) {
      if (property(lines.get(i)).map(p -> p[0].equals(key)).orElse(false)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The section's last property or sub-property line, or its header when it has none. */
  private int lastPropertyLine(int header) {
    int last = header;
    for (int i = header + 1; i < sectionEnd(header); i++) {
      if (property(lines.get(i)).isPresent() || isSubProperty(lines.get(i))) {
        last = i;
      }
    }
    return last;
  }

  private static Optional<String> sectionName(String line) {
    String trimmed = line.strip();
    if (!trimmed.startsWith("[")) {
      return Optional.empty();
    }
    int close = trimmed.indexOf(']');
    return close < 0 ? Optional.empty() : Optional.of(trimmed.substring(1, close).strip());
  }

  /** A top-level {@code key = value} line as {key, value}; comments and indented lines are not. */
  private static Optional<String[]> property(String line) {
    if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || isComment(line)) {
      return Optional.empty();
    }
    int equals = line.indexOf('=');
    if (equals < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new String[] {line.substring(0, equals).strip(), line.substring(equals + 1).strip()});
  }

  private static boolean isSubProperty(String line) {
    return !line.isBlank() && Character.isWhitespace(line.charAt(0)) && !isComment(line.strip());
  }

  private static boolean isComment(String line) {
    return line.startsWith("#") || line.startsWith(";");
  }
}
