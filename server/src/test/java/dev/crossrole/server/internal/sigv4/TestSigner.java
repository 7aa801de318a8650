package dev.crossrole.server.internal.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A signer for tests that need requests the SDK will not make (a {@code Date} header instead of
 * {@code X-Amz-Date}, a declared {@code x-amz-content-sha256}); built from the {@link SigV4} steps
 * that the official vectors check.
 */
final class TestSigner {
  private TestSigner() {}

  /** Adds an Authorization header signing {@code signedHeaders} of the request. */
  static SignedRequest signHeader(
      SignedRequest unsigned,
      String accessKeyId,
      String secret,
      CredentialScope scope,
      String amzDate,
      List<String> signedHeaders) {
    String payloadHash =
        unsigned
            .headers()
            .first("x-amz-content-sha256")
            .orElseGet(() -> unsigned.payload().sha256Hex());
    String canonical =
        SigV4.canonicalRequest(
            unsigned.method(),
            SigV4.canonicalUri(unsigned.rawPath(), true),
            SigV4.canonicalQueryString(unsigned.rawQuery(), false),
            SigV4.canonicalHeaders(unsigned.headers(), signedHeaders),
            String.join(";", signedHeaders),
            payloadHash);
    String signature =
        SigV4.signature(
            SigV4.signingKey(secret.getBytes(StandardCharsets.UTF_8), scope),
            SigV4.stringToSign(amzDate, scope, canonical));
    return unsigned.toBuilder()
        .header(
            "Authorization",
            SigV4.ALGORITHM
                + " Credential="
                + accessKeyId
                + "/"
                + scope.value()
                + ", SignedHeaders="
                + String.join(";", signedHeaders)
                + ", Signature="
                + signature)
        .build();
  }
}
