package dev.crossrole.policy.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A policy value that may hold policy variables ({@code ${aws:username}}, {@code
 * ${aws:PrincipalTag/team, 'none'}}, and the escapes {@code ${*}}, {@code ${?}}, {@code ${$}}). The
 * value is split once into literal codes and variable references; resolving it against a request
 * yields the codes to match.
 */
public final class Template {
  private final String source;
  private final int[] constant;
  private final List<Object> parts;

  private Template(String source, int[] constant, List<Object> parts) {
    this.source = source;
    this.constant = constant;
    this.parts = parts;
  }

  /** Where variables are looked up: a single value for a lower-case key, if the request has one. */
  @FunctionalInterface
  public interface Variables {
    Optional<String> single(String lowerCaseKey);
  }

  private record Reference(String key, Optional<String> defaultValue) {}

  /**
   * Parses {@code text}. With {@code variables} false (policy version 2008-10-17) every {@code
   * ${...}} is literal text; with {@code wildcards} false {@code *} and {@code ?} are literal too.
   */
  public static Template parse(String text, boolean variables, boolean wildcards) {
    List<Object> parts = new ArrayList<>();
    IntBuffer literal = new IntBuffer(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int close =
          variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{'
              ? text.indexOf('}', i + 2)
              : -1;
      if (close > 0) {
        String inner = text.substring(i + 2, close);
        if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
          literal.add(inner.charAt(0));
          i = close + 1;
          continue;
        }
        Optional<Reference> reference = reference(inner);
        if (reference.isPresent()) {
          if (literal.size() > 0) {
            parts.add(literal.toArray());
            literal.clear();
          }
          parts.add(reference.get());
          i = close + 1;
          continue;
        }
      }
      literal.add(wildcards && c == '*' ? Glob.STAR : wildcards && c == '?' ? Glob.ONE : c);
      i++;
    }
    if (parts.isEmpty()) {
      return new Template(text, literal.toArray(), List.of());
    }
    if (literal.size() > 0) {
      parts.add(literal.toArray());
    }
    return new Template(text, null, List.copyOf(parts));
  }

  private static Optional<Reference> reference(String inner) {
    int comma = inner.indexOf(',');
    String key = (comma < 0 ? inner : inner.substring(0, comma)).strip();
    if (key.isEmpty() || key.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '$')) {
      return Optional.empty();
    }
    Optional<String> defaultValue = Optional.empty();
    if (comma >= 0) {
      String rest = inner.substring(comma + 1).strip();
      if (rest.length() < 2 || rest.charAt(0) != '\'' || rest.charAt(rest.length() - 1) != '\'') {
        return Optional.empty();
      }
      defaultValue = Optional.of(rest.substring(1, rest.length() - 1));
    }
    return Optional.of(new Reference(key.toLowerCase(Locale.ROOT), defaultValue));
  }

  /** The text as written in the policy. */
  public String source() {
    return source;
  }

  /** Whether the value refers to at least one variable. */
  public boolean hasVariables() {
    return constant == null;
  }

  /** The codes of a value without variables. */
  public int[] constantCodes() {
    if (constant == null) {
      throw new IllegalStateException("template has variables: " + source);
    }
    return constant;
  }

  /**
   * The codes with every variable replaced by its value (taken literally, never as a wildcard), or
   * empty when a variable has no value and no default: AWS then treats the statement as invalid.
   */
  public Optional<int[]> resolve(Variables variables) {
    if (constant != null) {
      return Optional.of(constant);
    }
    IntBuffer out = new IntBuffer(source.length());
    for (Object part : parts) {
      if (part instanceof int[] codes) {
        out.addAll(codes);
      } else {
        Reference reference = (Reference) part;
        Optional<String> value = variables.single(reference.key()).or(reference::defaultValue);
        if (value.isEmpty()) {
          return Optional.empty();
        }
        value.get().chars().forEach(out::add);
      }
    }
    return Optional.of(out.toArray());
  }

  /**
   * The codes with every variable standing for any run of characters: what the value could match
   * whatever the request's variables turn out to be.
   */
  public int[] codesWithVariablesAsWildcards() {
    if (constant != null) {
      return constant;
    }
    IntBuffer out = new IntBuffer(source.length());
    for (Object part : parts) {
      if (part instanceof int[] codes) {
        out.addAll(codes);
      } else {
        out.add(Glob.STAR);
      }
    }
    return out.toArray();
  }

  /** Turns codes back into the string they stand for, wildcard codes as their characters. */
  public static String text(int[] codes) {
    StringBuilder out = new StringBuilder(codes.length);
    for (int c : codes) {
      out.append(c == Glob.STAR ? '*' : c == Glob.ONE ? '?' : (char) c);
    }
    return out.toString();
  }

  private static final class IntBuffer {
    private int[] data;
    private int size;

    IntBuffer(int capacity) {
      data = new int[Math.max(4, capacity)];
    }

    void add(int value) {
      if (size == data.length) {
        data = Arrays.copyOf(data, size * 2);
      }
      data[size++] = value;
    }

    void addAll(int[] values) {
      for (int v : values) {
        add(v);
      }
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
    }

    int[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
