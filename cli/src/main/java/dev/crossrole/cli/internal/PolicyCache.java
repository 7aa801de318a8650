package dev.crossrole.cli.internal;

import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyValidationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parsed policy documents by their JSON text and grammar, least recently used first out. Case files
 * repeat the same policies on many lines; parsing each text once makes evaluation several times
 * faster. A refused text is remembered too, and its error given again. Bounded both in entries and
 * in the characters of the texts it keeps. Not thread-safe: one per run.
 */
public final class PolicyCache {
  /** The default bound on the number of documents kept. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** The default bound on the characters of the texts kept, all entries together. */
  public static final long DEFAULT_MAX_CHARS = 16L << 20;

  private record Key(Grammar grammar, String text) {}

  private final int maxEntries;
  private final long maxChars;
  private final LinkedHashMap<Key, Object> entries = new LinkedHashMap<>(1024, 0.75f, true);
  private long chars;
  private long hits;

  public PolicyCache() {
    this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_CHARS);
  }

  public PolicyCache(int maxEntries, long maxChars) {
    if (maxEntries < 0 || maxChars < 0) {
      throw new IllegalArgumentException("bounds must not be negative");
    }
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
  }

  /**
   * {@link PolicyDocument#parse(String, Grammar)}, from the cache when the same text was parsed
   * under the same grammar before.
   *
   * @throws PolicyValidationException when the document is not valid policy grammar
   */
  public PolicyDocument parse(String text, Grammar grammar) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(grammar, "grammar");
    Key key = new Key(grammar, text);
    Object value = entries.get(key);
    if (value != null) {
      hits++;
    } else {
      try {
        value = PolicyDocument.parse(text, grammar);
      } catch (PolicyValidationException e) {
        value = e;
      }
      remember(key, value);
    }
    if (value instanceof PolicyValidationException e) {
      throw new PolicyValidationException(e.problem(), e.getMessage());
    }
    return (PolicyDocument) value;
  }

  private void remember(Key key, Object value) {
    long size = key.text().length();
    if (size > maxChars || maxEntries == 0) {
      return;
    }
    entries.put(key, value);
    chars += size;
    Iterator<Map.Entry<Key, Object>> eldest = entries.entrySet().iterator();
    while (entries.size() > maxEntries || chars > maxChars) {
      chars -= eldest.next().getKey().text().length();
      eldest.remove();
    }
  }

  /** How many documents are kept now. */
  public int size() {
    return entries.size();
  }

  /** How many parses the cache answered. */
  public long hits() {
    return hits;
  }
}
