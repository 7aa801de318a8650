package dev.crossrole.server.internal.sigv4;

import dev.crossrole.server.internal.sigv4.VerifiedRequest.AuthLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request's signature was computed over, as the verifier reconstructs it: the parsed
 * authentication parameters, the canonical request and the string to sign. No secret is involved.
 * {@link #toString()} leaves out the canonical request, which can hold a session token.
 *
 * @param location where the signature was carried
 * @param accessKeyId the access key id from the credential
 * @param scope the credential scope
 * @param signedHeaders the signed header names, lower-case and sorted
 * @param securityToken the session token sent, if any
 * @param signedAt the request's date
 * @param payloadHash the payload hash used in the canonical request
 * @param canonicalRequest the canonical request
 * @param stringToSign the string to sign
 * @param signature the signature the request carries, as sent
 */
public record SigningInput(
    AuthLocation location,
    String accessKeyId,
    CredentialScope scope,
    List<String> signedHeaders,
    Optional<String> securityToken,
    Instant signedAt,
    String payloadHash,
    String canonicalRequest,
    String stringToSign,
    String signature) {

  public SigningInput {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(scope, "scope");
    signedHeaders = List.copyOf(signedHeaders);
    Objects.requireNonNull(securityToken, "securityToken");
    Objects.requireNonNull(signedAt, "signedAt");
    Objects.requireNonNull(payloadHash, "payloadHash");
    Objects.requireNonNull(canonicalRequest, "canonicalRequest");
    Objects.requireNonNull(stringToSign, "stringToSign");
    Objects.requireNonNull(signature, "signature");
  }

  @Override
  public String toString() {
    return "SigningInput[location="
        + location
        + ", accessKeyId="
        + accessKeyId
        + ", scope="
        + scope
        + ", signedHeaders="
        + signedHeaders
        + ", signedAt="
        + signedAt
        + "]";
  }
}
