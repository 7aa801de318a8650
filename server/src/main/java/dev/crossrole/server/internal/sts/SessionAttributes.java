package dev.crossrole.server.internal.sts;

import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What AssumeRole sets on a session besides its policy: session tags, the keys of those that are
 * transitive, and the source identity. {@link #parse} applies STS's model constraints and rules;
 * {@link #chainedFrom} adds what a calling role session passes on, as role chaining does.
 *
 * @param tags the session tags, in the order given, keys unique without regard to case
 * @param transitiveTagKeys the keys (spelled as in {@link #tags}) that pass to chained sessions
 * @param sourceIdentity the source identity, if any
 */
record SessionAttributes(
    Map<String, String> tags, Set<String> transitiveTagKeys, Optional<String> sourceIdentity) {
  /** STS's {@code tagListType} and {@code tagKeyListType} maximum. */
  static final int MAX_TAGS = 50;

  private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
  private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final Pattern SOURCE_IDENTITY = Pattern.compile("[\\w+=,.@-]*");

  /**
   * The packed allowance of session tags, in bytes of keys and values: 50 tags of ordinary length
   * fit, 50 of the longest allowed do not, as STS's docs warn ("Your request can fail for this
   * limit even if your plaintext meets the other requirements").
   */
  static final int PACKED_TAG_BYTES = 4096;

  /** The packed allowance of an inline session policy, in characters. */
  static final int PACKED_POLICY_CHARS = 2048;

  SessionAttributes {
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    transitiveTagKeys = Collections.unmodifiableSet(new LinkedHashSet<>(transitiveTagKeys));
    Objects.requireNonNull(sourceIdentity, "sourceIdentity");
  }

  /**
   * Reads {@code Tags.member.N.Key}/{@code .Value}, {@code TransitiveTagKeys.member.N} and {@code
   * SourceIdentity}.
   *
   * @throws AwsException {@code ValidationError} for the model's constraints, {@code
   *     InvalidParameterValue} for duplicate keys and transitive keys that are not among the tags
   */
  static SessionAttributes parse(QueryParameters p) {
    Map<String, String> tags = new LinkedHashMap<>();
    Set<String> lowerKeys = new LinkedHashSet<>();
    List<String[]> given = new ArrayList<>();
    for (int i = 1; ; i++) {
      Optional<String> key = p.optional("Tags.member." + i + ".Key");
      Optional<String> value = p.optional("Tags.member." + i + ".Value");
      if (key.isEmpty() && value.isEmpty()) {
        break;
      }
      if (key.isEmpty() || value.isEmpty()) {
        String member = "tags." + i + ".member." + (key.isEmpty() ? "key" : "value");
        throw AwsException.query(
            "ValidationError",
            400,
            "1 validation error detected: Value null at '"
                + member
                + "' failed to satisfy constraint: Member must not be null");
      }
      given.add(new String[] {key.get(), value.get()});
    }
    if (given.size() > MAX_TAGS) {
      throw tooMany("tags", given.size());
    }
    for (int i = 0; i < given.size(); i++) {
      String key =
          Validation.check("tags." + (i + 1) + ".member.key", given.get(i)[0], 1, 128, TAG_KEY);
      String value =
          Validation.check("tags." + (i + 1) + ".member.value", given.get(i)[1], 0, 256, TAG_VALUE);
      if (!lowerKeys.add(key.toLowerCase(Locale.ROOT))) {
        throw duplicateKeys();
      }
      tags.put(key, value);
    }
    List<String> transitive = p.list("TransitiveTagKeys");
    if (transitive.size() > MAX_TAGS) {
      throw tooMany("transitiveTagKeys", transitive.size());
    }
    Set<String> transitiveKeys = new LinkedHashSet<>();
    for (int i = 0; i < transitive.size(); i++) {
      String key =
          Validation.check(
              "transitiveTagKeys." + (i + 1) + ".member", transitive.get(i), 1, 128, TAG_KEY);
      transitiveKeys.add(
          spelledAsTag(tags, key)
              .orElseThrow(
                  () ->
                      AwsException.query(
                          "InvalidParameterValue",
                          400,
                          "The specified transitive tag key must be included in the requested"
                              + " tags.")));
    }
    // The pattern has no colon, so it already refuses the reserved prefix "aws:" that STS's docs
    // forbid.
    Optional<String> sourceIdentity =
        p.optional("SourceIdentity")
            .map(s -> Validation.check("sourceIdentity", s, 2, 64, SOURCE_IDENTITY));
    return new SessionAttributes(tags, transitiveKeys, sourceIdentity);
  }

  /**
   * These attributes on a session assumed by {@code caller}: a role session passes on its
   * transitive tags and its source identity, which the new session can neither override nor change.
   * The new session's transitive keys are the inherited ones and its own.
   *
   * @throws AwsException {@code InvalidParameterValue} for a tag that would override an inherited
   *     transitive tag, or a source identity other than the inherited one
   */
  SessionAttributes chainedFrom(Caller caller) {
    Map<String, String> inherited = new LinkedHashMap<>();
    for (String key : caller.transitiveTagKeys()) {
      spelledAsTag(caller.principal().tags(), key)
          .ifPresent(k -> inherited.put(k, caller.principal().tags().get(k)));
    }
    for (String key : tags.keySet()) {
      if (spelledAsTag(inherited, key).isPresent()) {
        throw AwsException.query(
            "InvalidParameterValue",
            400,
            "One or more of the specified session tags conflict with transitive tags from the"
                + " calling session: "
                + key);
      }
    }
    if (caller.sourceIdentity().isPresent()
        && sourceIdentity.isPresent()
        && !caller.sourceIdentity().equals(sourceIdentity)) {
      throw AwsException.query(
          "InvalidParameterValue",
          400,
          "The source identity of a role session cannot be changed: it is already set to "
              + caller.sourceIdentity().get());
    }
    Map<String, String> merged = new LinkedHashMap<>(inherited);
    merged.putAll(tags);
    Set<String> transitive = new LinkedHashSet<>(inherited.keySet());
    transitive.addAll(transitiveTagKeys);
    return new SessionAttributes(merged, transitive, sourceIdentity.or(caller::sourceIdentity));
  }

  /**
   * The session's principal tags: the role's tags, overridden (without regard to case) by the
   * session tags.
   */
  Map<String, String> principalTags(Map<String, String> roleTags) {
    Map<String, String> out = new LinkedHashMap<>();
    roleTags.forEach(
        (k, v) -> {
          if (spelledAsTag(tags, k).isEmpty()) {
            out.put(k, v);
          }
        });
    out.putAll(tags);
    return out;
  }

  /**
   * STS's {@code PackedPolicySize}: the percentage of the packed allowance that the session policy
   * and the session tags use (transitive status costs nothing). Empty when there is neither.
   *
   * @throws AwsException {@code PackedPolicyTooLarge} above 100%
   */
  Optional<Integer> packedPercent(Optional<String> sessionPolicy, List<String> policyArns) {
    if (sessionPolicy.isEmpty() && policyArns.isEmpty() && tags.isEmpty()) {
      return Optional.empty();
    }
    // Managed session policies pack as their ARNs, which share the session policy's allowance.
    int arnChars = 0;
    for (String arn : policyArns) {
      arnChars += arn.length();
    }
    int tagBytes = 0;
    for (Map.Entry<String, String> t : tags.entrySet()) {
      tagBytes +=
          t.getKey().getBytes(StandardCharsets.UTF_8).length
              + t.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    int percent =
        (sessionPolicy.map(SessionAttributes::packedChars).orElse(0) + arnChars)
                * 100
                / PACKED_POLICY_CHARS
            + (tagBytes * 100 + PACKED_TAG_BYTES - 1) / PACKED_TAG_BYTES;
    if (percent > 100) {
      throw AwsException.query(
          "PackedPolicyTooLarge",
          400,
          "Packed policy consumes " + percent + "% of allotted space, please use smaller policy.");
    }
    return Optional.of(Math.max(1, percent));
  }

  /** White space outside strings costs nothing once packed, as IAM's size quotas ignore it. */
  private static int packedChars(String policy) {
    int n = 0;
    for (int i = 0; i < policy.length(); i++) {
      if (!Character.isWhitespace(policy.charAt(i))) {
        n++;
      }
    }
    return n;
  }

  /** The key of {@code map} equal to {@code key} without regard to case. */
  private static Optional<String> spelledAsTag(Map<String, String> map, String key) {
    for (String k : map.keySet()) {
      if (k.equalsIgnoreCase(key)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private static AwsException duplicateKeys() {
    return AwsException.query(
        "InvalidParameterValue",
        400,
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  }

  private static AwsException tooMany(String member, int count) {
    return AwsException.query(
        "ValidationError",
        400,
        "1 validation error detected: Value of "
            + count
            + " elements at '"
            + member
            + "' failed to satisfy constraint: Member must have length less than or equal to "
            + MAX_TAGS);
  }
}
