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

  private final Map<String, PolicyDocument> byText =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PolicyDocument> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** The document for {@code text}, parsed under {@code grammar} on first use. */
  public synchronized PolicyDocument parse(String text, Grammar grammar) {
    String key = grammar.name() + '\n' + text;
    PolicyDocument doc = byText.get(key);
    if (doc == null) {
      doc = PolicyDocument.parse(text, grammar);
      byText.put(key, doc);
    }
    return doc;
  }
}
