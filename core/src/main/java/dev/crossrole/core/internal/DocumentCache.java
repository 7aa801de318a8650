package dev.crossrole.core.internal;

import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.PolicyDocument;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed policy documents by their text: stored policies are parsed once, not on every request.
 * Bounded, least recently used first out; documents are immutable so sharing them is safe.
 */
public final class DocumentCache {
  private static final int MAX_ENTRIES = 4096;

  /**
   * The text itself is the key, not a copy of it: a document read again as the same {@code String}
   * (a built-in AWS managed policy, some 140,000 characters for ReadOnlyAccess) keeps its cached
   * hash and compares by identity, instead of being hashed and compared in full on every request.
   */
  private record Key(Grammar grammar, String text) {}

  private final Map<Key, PolicyDocument> byText =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PolicyDocument> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** The document for {@code text}, parsed under {@code grammar} on first use. */
  public synchronized PolicyDocument parse(String text, Grammar grammar) {
    Key key = new Key(grammar, text);
    PolicyDocument doc = byText.get(key);
    if (doc == null) {
      doc = PolicyDocument.parse(text, grammar);
      byText.put(key, doc);
    }
    return doc;
  }
}
