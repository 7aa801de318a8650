package dev.crossrole.server.internal.authz;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * IAM's rules for the tags of users and roles: at most 50 per entity and per request, keys of 1 to
 * 128 and values of up to 256 letters, digits, spaces and {@code _.:/=+-@}, keys unique regardless
 * of case, and the {@code aws:} prefix reserved. Tag keys compare case-insensitively: tagging with
 * {@code env} replaces a tag {@code Env}.
 */
public final class Tags {
  public static final int MAX = 50;
  private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private Tags() {}

  /**
   * The {@code Tags.member.N.Key}/{@code .Value} of a request, validated, in order.
   *
   * @throws IdentityException (InvalidInput) for duplicate or reserved keys
   */
  public static Map<String, String> fromRequest(QueryParameters p) {
    List<String[]> given = new ArrayList<>();
    for (int i = 1; ; i++) {
      String key = p.optional("Tags.member." + i + ".Key").orElse(null);
      if (key == null) {
        break;
      }
      String value = p.optional("Tags.member." + i + ".Value").orElse("");
      Validation.check("tags." + i + ".member.key", key, 1, 128, KEY);
      Validation.check("tags." + i + ".member.value", value, 0, 256, VALUE);
      given.add(new String[] {key, value});
    }
    if (given.size() > MAX) {
      throw Validation.invalid(
          "tags", "[…]", "Member must have length less than or equal to " + MAX);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    Map<String, String> folded = new LinkedHashMap<>();
    for (String[] t : given) {
      reserved(t[0]);
      if (folded.put(fold(t[0]), t[0]) != null) {
        throw new IdentityException(
            ErrorCode.INVALID_INPUT,
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
      }
      tags.put(t[0], t[1]);
    }
    return tags;
  }

  /** The {@code TagKeys.member.N} of an untag request, validated. */
  public static List<String> keysFromRequest(QueryParameters p) {
    List<String> keys = p.list("TagKeys");
    if (keys.size() > MAX) {
      throw Validation.invalid(
          "tagKeys", "[…]", "Member must have length less than or equal to " + MAX);
    }
    for (int i = 0; i < keys.size(); i++) {
      Validation.check("tagKeys." + (i + 1) + ".member", keys.get(i), 1, 128, KEY);
    }
    return keys;
  }

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

  private static void reserved(String key) {
    if (fold(key).startsWith("aws:")) {
      throw new IdentityException(
          ErrorCode.INVALID_INPUT, "Tag keys beginning with 'aws:' are reserved for AWS use.");
    }
  }

  private static String fold(String key) {
    return key.toLowerCase(Locale.ROOT);
  }
}
