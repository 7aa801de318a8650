package dev.crossrole.server.internal.authz;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tags as authorization and IAM's entities see them: at most 50 per entity, keys compared
 * case-insensitively (tagging with {@code env} replaces a tag {@code Env}), and the request and
 * resource keys they put in a request context.
 */
public final class Tags {
  public static final int MAX = 50;

  private Tags() {}

  /**
   * {@code existing} with {@code added} applied: an added key replaces an existing one that differs
   * only in case.
   *
   * @throws IdentityException (LimitExceeded) when the result would hold more than 50 tags
   */
  public static Map<String, String> merge(Map<String, String> existing, Map<String, String> added) {
    Map<String, String> merged = new LinkedHashMap<>(existing);
    added.forEach(
        (k, v) -> {
          merged.keySet().removeIf(old -> fold(old).equals(fold(k)));
          merged.put(k, v);
        });
    if (merged.size() > MAX) {
      throw new IdentityException(
          ErrorCode.LIMIT_EXCEEDED, "The number of tags has reached the maximum limit.");
    }
    return merged;
  }

  /** {@code existing} without the keys named, in any case. */
  public static Map<String, String> remove(Map<String, String> existing, List<String> keys) {
    Map<String, String> left = new LinkedHashMap<>(existing);
    for (String k : keys) {
      left.keySet().removeIf(old -> fold(old).equals(fold(k)));
    }
    return left;
  }

  /**
   * The keys a request carrying tags (IAM's tagging calls, STS's session tags, ECR's repository
   * tags) puts in the request context: each aws:RequestTag and aws:TagKeys, none for no tags so
   * that a condition on aws:TagKeys sees the key absent.
   */
  public static Map<String, List<String>> requestKeys(Map<String, String> tags) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v)));
    if (!tags.isEmpty()) {
      keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
    }
    return keys;
  }

  /** The aws:ResourceTag keys of the entity a request acts on. */
  public static Map<String, List<String>> resourceKeys(Map<String, String> tags) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    tags.forEach((k, v) -> keys.put("aws:ResourceTag/" + k, List.of(v)));
    return keys;
  }

  private static String fold(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}
