package dev.crossrole.server.internal.sigv4;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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
 * @param query the query string's parameters as the signature read them, in the order received:
 *     percent-decoded, a {@code +} being a plus, names given twice kept twice
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
    boolean payloadSigned,
    List<QueryParameter> query) {

  public VerifiedRequest {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(scope, "scope");
    signedHeaders = List.copyOf(signedHeaders);
    Objects.requireNonNull(securityToken, "securityToken");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(signedAt, "signedAt");
    Objects.requireNonNull(location, "location");
    query = List.copyOf(query);
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
        + ", query="
        + query.size()
        + " parameters]";
  }

  /**
   * One query parameter, percent-decoded to the bytes that the signature's canonical query encodes
   * again; they need not be UTF-8, so whoever reads them as text decides what to do when they are
   * not.
   *
   * @param name the name's bytes
   * @param value the value's bytes
   */
  public record QueryParameter(byte[] name, byte[] value) {
    public QueryParameter {
      name = name.clone();
      value = value.clone();
    }

    @Override
    public byte[] name() {
      return name.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof QueryParameter that
          && Arrays.equals(name, that.name)
          && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(name) + Arrays.hashCode(value);
    }

    /** Shows the name only: a presigned query's values include the session token. */
    @Override
    public String toString() {
      return "QueryParameter[" + new String(name, StandardCharsets.UTF_8) + "]";
    }
  }

  /** Where a request carried its signature. */
  public enum AuthLocation {
    /** {@code Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…}. */
    HEADER,
    /** Presigned: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, … query parameters. */
    QUERY
  }
}
