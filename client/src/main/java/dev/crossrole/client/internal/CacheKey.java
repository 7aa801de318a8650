package dev.crossrole.client.internal;

import dev.crossrole.client.AssumeRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The name of a cache entry: a SHA-256 over everything that decides the credentials STS hands out —
 * the endpoint and region, the source's access key id, the role, ExternalId, session name (when one
 * is given; the default name changes each call and decides nothing), duration, session policy, tags
 * and source identity. The AWS CLI's own cache leaves out the endpoint and the source key, so with
 * two servers (or two source users) it hands out the wrong credentials; this key never does.
 */
public final class CacheKey {
  private static final String VERSION = "crossrole-sts-cache-key-1";

  private CacheKey() {}

  /** The key, 64 hex digits. */
  public static String of(Target target, String sourceAccessKeyId, AssumeRequest request) {
    StringBuilder canonical = new StringBuilder();
    field(canonical, "version", VERSION);
    field(canonical, "endpoint", target.endpoint());
    field(canonical, "region", target.region());
    field(canonical, "source", sourceAccessKeyId);
    field(canonical, "role", request.roleArn());
    optional(canonical, "externalId", request.externalId());
    optional(canonical, "sessionName", request.sessionName());
    field(canonical, "duration", Long.toString(request.duration().toSeconds()));
    optional(canonical, "policy", request.sessionPolicy());
    for (Map.Entry<String, String> tag : request.tags().entrySet()) {
      field(canonical, "tagKey", tag.getKey());
      field(canonical, "tagValue", tag.getValue());
    }
    optional(canonical, "sourceIdentity", request.sourceIdentity());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void optional(StringBuilder out, String name, Optional<String> value) {
    // An absent value and an empty one are different requests: mark which it is.
    field(out, name, value.map(v -> "+" + v).orElse("-"));
  }

  /** Length-prefixed, so no value can pass for another field's boundary. */
  private static void field(StringBuilder out, String name, String value) {
    out.append(name).append(':').append(value.length()).append(':').append(value).append('\n');
  }
}
