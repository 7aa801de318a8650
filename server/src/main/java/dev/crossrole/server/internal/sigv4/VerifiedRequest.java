package dev.crossrole.server.internal.sigv4;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request whose signature has been verified.
 *
 * @param accessKeyId the access key id that signed it
 * @param scope the credential scope (date, region, service)
 * @param signedHeaders the signed header names, lower-case and sorted
 * @param securityToken the session token sent with it, if any
 * @param principal what the {@link SigningSecrets} lookup attached to the key
 * @param signedAt the request's date ({@code X-Amz-Date} or {@code Date})
 * @param location where the signature was: Authorization header or presigned query
 * @param payloadSigned whether the body is covered by the signature (false for {@code
 *     UNSIGNED-PAYLOAD})
 * @param <P> the lookup's principal type
 */
public record VerifiedRequest<P>(
    String accessKeyId,
    CredentialScope scope,
    List<String> signedHeaders,
    Optional<String> securityToken,
    P principal,
    Instant signedAt,
    AuthLocation location,
    boolean payloadSigned) {

  public VerifiedRequest {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(scope, "scope");
    signedHeaders = List.copyOf(signedHeaders);
    Objects.requireNonNull(securityToken, "securityToken");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(signedAt, "signedAt");
    Objects.requireNonNull(location, "location");
  }

  @Override
  public String toString() {
    return "VerifiedRequest[accessKeyId="
        + accessKeyId
        + ", scope="
        + scope
        + ", signedHeaders="
        + signedHeaders
        + ", securityToken="
        + (securityToken.isPresent() ? "<present>" : "<none>")
        + ", principal="
        + principal
        + ", signedAt="
        + signedAt
        + ", location="
        + location
        + ", payloadSigned="
        + payloadSigned
        + "]";
  }

  /** Where a request carried its signature. */
  public enum AuthLocation {
    /** {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}. */
    HEADER,
    /** Presigned: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, … query parameters. */
    QUERY
  }
}
