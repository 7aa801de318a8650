package dev.crossrole.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The condition keys of a request and their values. Keys are case-insensitive, as AWS reads them; a
 * key may carry several values (such as {@code aws:TagKeys}).
 */
public final class RequestContext {
  private static final RequestContext EMPTY = new RequestContext(Map.of());

  private final Map<String, List<String>> values;

  private RequestContext(Map<String, List<String>> values) {
    this.values = values;
  }

  /** A context without keys. */
  public static RequestContext empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The values of {@code key} (any case), empty when the request does not have the key. */
  public List<String> values(String key) {
    List<String> found = values.get(key.toLowerCase(Locale.ROOT));
    return found == null ? List.of() : found;
  }

  /** The values of a key already in lower case, or {@code null}: the evaluator's hot path. */
  List<String> lowerCaseLookup(String lowerCaseKey) {
    return values.get(lowerCaseKey);
  }

  /** Whether the request carries {@code key}. */
  public boolean has(String key) {
    return values.containsKey(key.toLowerCase(Locale.ROOT));
  }

  /** All keys, in lower case, with their values. */
  public Map<String, List<String>> asMap() {
    return values;
  }

  /** A copy with {@code key} set (replacing any values it had). */
  public RequestContext with(String key, Collection<String> keyValues) {
    Builder b = new Builder();
    b.values.putAll(values);
    return b.put(key, keyValues).build();
  }

  /** The single value of a key, when it has exactly one. */
  public Optional<String> single(String key) {
    List<String> v = values(key);
    return v.size() == 1 ? Optional.of(v.get(0)) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext c && values.equals(c.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "RequestContext" + values.keySet();
  }

  /** Builds a {@link RequestContext}. */
  public static final class Builder {
    private final Map<String, List<String>> values = new HashMap<>();

    private Builder() {}

    /** Sets a single-valued key. */
    public Builder put(String key, String value) {
      return put(key, List.of(Objects.requireNonNull(value, "value")));
    }

    /** Sets a key to several values (an empty list means the key is present with no values). */
    public Builder put(String key, Collection<String> keyValues) {
      Objects.requireNonNull(key, "key");
      values.put(key.toLowerCase(Locale.ROOT), List.copyOf(keyValues));
      return this;
    }

    public RequestContext build() {
      return new RequestContext(Map.copyOf(values));
    }
  }
}
