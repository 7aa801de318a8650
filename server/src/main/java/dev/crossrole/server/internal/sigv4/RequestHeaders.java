package dev.crossrole.server.internal.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * HTTP request headers as received: names are case-insensitive, each name keeps its values in the
 * order they arrived. Immutable. {@link #toString()} shows the names only, never values (which
 * include the Authorization header and session tokens).
 */
public final class RequestHeaders {
  private static final RequestHeaders EMPTY = new RequestHeaders(Map.of());

  private final Map<String, List<String>> byName;

  private RequestHeaders(Map<String, List<String>> byName) {
    this.byName = byName;
  }

  /** No headers. */
  public static RequestHeaders empty() {
    return EMPTY;
  }

  /** A builder that adds headers in the order received. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Headers from a map of name to values (e.g. a server's header map). Names differing only in case
   * are merged, in the map's iteration order.
   */
  public static RequestHeaders of(Map<String, ? extends List<String>> headers) {
    Builder builder = builder();
    headers.forEach((name, values) -> values.forEach(value -> builder.add(name, value)));
    return builder.build();
  }

  /** Every value of the header, in the order received; empty when absent. */
  public List<String> all(String name) {
    return byName.getOrDefault(lower(name), List.of());
  }

  /** The first value of the header. */
  public Optional<String> first(String name) {
    List<String> values = all(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Whether the header is present (possibly with an empty value). */
  public boolean contains(String name) {
    return byName.containsKey(lower(name));
  }

  /** The header names present, lower-cased. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** A copy of these headers with {@code name} replaced by the given values (none removes it). */
  public RequestHeaders with(String name, List<String> values) {
    Map<String, List<String>> copy = new LinkedHashMap<>(byName);
    if (values.isEmpty()) {
      copy.remove(lower(name));
    } else {
      copy.put(lower(name), List.copyOf(values));
    }
    return new RequestHeaders(Collections.unmodifiableMap(copy));
  }

  @Override
  public String toString() {
    return "RequestHeaders" + byName.keySet();
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Collects headers in the order received. */
  public static final class Builder {
    private final Map<String, List<String>> byName = new LinkedHashMap<>();

    private Builder() {}

    /** Adds one value of a header. */
    public Builder add(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      byName.computeIfAbsent(lower(name), n -> new ArrayList<>(1)).add(value);
      return this;
    }

    /** The headers. */
    public RequestHeaders build() {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      byName.forEach((name, values) -> copy.put(name, List.copyOf(values)));
      return new RequestHeaders(Collections.unmodifiableMap(copy));
    }
  }
}
