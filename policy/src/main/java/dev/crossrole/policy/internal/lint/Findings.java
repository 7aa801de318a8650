package dev.crossrole.policy.internal.lint;

import dev.crossrole.policy.Finding;
import dev.crossrole.policy.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects findings with the statement each belongs to, and hands them back in report order. */
final class Findings {
  /** The statement number of findings about the document rather than one statement. */
  static final int DOCUMENT = -1;

  private record Entry(int statement, Finding finding) {}

  private static final Pattern STATEMENT = Pattern.compile("Statement\\[(\\d+)\\]");

  private final Set<Entry> entries = new LinkedHashSet<>();

  void document(Check check, String message, String location) {
    add(DOCUMENT, check, check.severity(), message, location);
  }

  /** A finding whose statement is read off its location, {@code Statement[2]…} being the third. */
  void located(Check check, String message, String location) {
    add(statementOf(location), check, check.severity(), message, location);
  }

  static int statementOf(String location) {
    Matcher m = STATEMENT.matcher(location);
    if (!m.lookingAt()) {
      return DOCUMENT;
    }
    try {
      return Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  void statement(RawStatement s, Check check, String message, String location) {
    add(s.index(), check, check.severity(), message, location);
  }

  void statement(RawStatement s, Check check, Severity severity, String message, String location) {
    add(s.index(), check, severity, message, location);
  }

  /** A finding whose code is not one of ours, such as the parser's AWS error code. */
  void add(int statement, Severity severity, String code, String message, String location) {
    entries.add(new Entry(statement, new Finding(severity, code, message, location)));
  }

  private void add(int statement, Check check, Severity severity, String message, String location) {
    add(statement, severity, check.code(), message, location);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Document findings first, then by statement, then most severe first; the sort is stable, so
   * findings of one statement and severity keep the order the checks found them in.
   */
  List<Finding> sorted() {
    List<Entry> list = new ArrayList<>(entries);
    list.sort(Comparator.comparingInt(Entry::statement).thenComparing(e -> e.finding().severity()));
    List<Finding> out = new ArrayList<>(list.size());
    list.forEach(e -> out.add(e.finding()));
    return List.copyOf(out);
  }
}
