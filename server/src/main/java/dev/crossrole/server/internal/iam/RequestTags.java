package dev.crossrole.server.internal.iam;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.authz.Tags;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags of an IAM request, read from its Query parameters by IAM's rules: at most 50 per
 * request, keys of 1 to 128 and values of up to 256 letters, digits, spaces and {@code _.:/=+-@},
 * keys unique regardless of case, and the {@code aws:} prefix reserved.
 */
final class RequestTags {
  private static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  private static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

  private RequestTags() {}

  /**
   * The {@code Tags.member.N.Key}/{@code .Value} of a request, validated, in order.
   *
   * @throws IdentityException (InvalidInput) for duplicate or reserved keys
   */
  static Map<String, String> of(QueryParameters p) {
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
    if (given.size() > Tags.MAX) {
      throw Validation.invalid(
          "tags", "[…]", "Member must have length less than or equal to " + Tags.MAX);
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
  static List<String> keysOf(QueryParameters p) {
    List<String> keys = p.list("TagKeys");
    if (keys.size() > Tags.MAX) {
      throw Validation.invalid(
          "tagKeys", "[…]", "Member must have length less than or equal to " + Tags.MAX);
    }
    for (int i = 0; i < keys.size(); i++) {
      Validation.check("tagKeys." + (i + 1) + ".member", keys.get(i), 1, 128, KEY);
    }
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
