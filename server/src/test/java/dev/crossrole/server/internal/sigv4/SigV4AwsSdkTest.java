package dev.crossrole.server.internal.sigv4;

import static dev.crossrole.server.internal.sigv4.SdkSigning.ACCESS_KEY_ID;
import static dev.crossrole.server.internal.sigv4.SdkSigning.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.server.internal.sigv4.SdkSigning.Spec;
import dev.crossrole.server.internal.sigv4.VerifiedRequest.AuthLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Requests signed by the AWS SDK for Java v2's own signer are accepted, and tampering is not. */
class SigV4AwsSdkTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String TOKEN = "FQoGZXIvYXdzEXAMPLE+session/token==";
  private static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

  /** Token → who; the lookup records what it was asked. */
  private final List<String> lookups = new ArrayList<>();

  private final SigV4Verifier<String> verifier =
      SigV4Verifier.<String>builder(
              (accessKeyId, token) -> {
                lookups.add(accessKeyId + "|" + token.orElse("-"));
                if (!accessKeyId.equals(ACCESS_KEY_ID)) {
                  return Optional.empty();
                }
                return Optional.of(
                    SigningSecret.of(
                        SECRET.toCharArray(), token.isPresent() ? "session" : "long-term"));
              })
          .services(Set.of("iam", "sts", "ecr"))
          .build();

  @Test
  void verify_stsGetCallerIdentityPost_accepted() {
    SignedRequest request =
        SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW), NOW.plusSeconds(2));

    VerifiedRequest<String> verified = verifier.verify(request);

    assertThat(verified.accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    assertThat(verified.scope()).isEqualTo(new CredentialScope("20260301", "us-east-1", "sts"));
    assertThat(verified.principal()).isEqualTo("long-term");
    assertThat(verified.signedHeaders()).contains("host", "x-amz-date");
    assertThat(verified.securityToken()).isEmpty();
    assertThat(verified.location()).isEqualTo(AuthLocation.HEADER);
    assertThat(verified.signedAt()).isEqualTo(NOW);
    assertThat(lookups).containsExactly(ACCESS_KEY_ID + "|-");
  }

  @Test
  void verify_sessionCredentials_tokenPassedToLookupAndReturned() {
    SignedRequest request =
        SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW).withSessionToken(TOKEN), NOW);

    VerifiedRequest<String> verified = verifier.verify(request);

    assertThat(verified.securityToken()).contains(TOKEN);
    assertThat(verified.principal()).isEqualTo("session");
    assertThat(verified.signedHeaders()).contains("x-amz-security-token");
    assertThat(lookups).containsExactly(ACCESS_KEY_ID + "|" + TOKEN);
  }

  @Test
  void verify_iamPost_accepted() {
    SignedRequest request =
        SdkSigning.sign(
            Spec.post("iam", "Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fbuild%2F", NOW),
            NOW);

    assertThat(verifier.verify(request).scope().service()).isEqualTo("iam");
  }

  @Test
  void verify_ecrJsonPost_accepted() {
    SignedRequest request =
        SdkSigning.sign(
            Spec.post("ecr", "{\"repositoryNames\":[\"ourthing\"]}", NOW)
                .withHeaders(
                    Map.of(
                        "Content-Type", "application/x-amz-json-1.1",
                        "X-Amz-Target",
                            "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories")),
            NOW);

    VerifiedRequest<String> verified = verifier.verify(request);

    assertThat(verified.scope().service()).isEqualTo("ecr");
    assertThat(verified.signedHeaders()).contains("x-amz-target", "content-type");
  }

  @Test
  void verify_pathNeedingDoubleEncodingAndNormalizing_accepted() {
    SignedRequest request =
        SdkSigning.sign(
            Spec.post("iam", "", NOW)
                .withMethod(
                    "GET",
                    "http://127.0.0.1:4747/a%20b//c/./d/../e?Marker=x%2By&MaxItems=10&b=%E1%88%B4"),
            NOW);

    assertThat(verifier.verify(request).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
  }

  @Test
  void verify_presignedGetCallerIdentity_acceptedUntilExpiry() {
    Spec spec =
        Spec.post("sts", "", NOW)
            .withMethod("GET", "http://127.0.0.1:4747/?Action=GetCallerIdentity&Version=2011-06-15")
            .withHeaders(Map.of())
            .presigned(Duration.ofSeconds(60));

    SignedRequest atSigning = SdkSigning.sign(spec, NOW);
    VerifiedRequest<String> verified = verifier.verify(atSigning);
    assertThat(verified.location()).isEqualTo(AuthLocation.QUERY);
    assertThat(verified.scope().service()).isEqualTo("sts");
    assertThat(verifier.verify(SdkSigning.sign(spec, NOW.plusSeconds(60))).accessKeyId())
        .isEqualTo(ACCESS_KEY_ID);

    assertThatThrownBy(() -> verifier.verify(SdkSigning.sign(spec, NOW.plusSeconds(61))))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).isEqualTo(AuthError.REQUEST_EXPIRED);
              assertThat(e.httpStatus()).isEqualTo(400);
            });
  }

  @Test
  void verify_presignedWithSessionToken_tokenFromQuery() {
    Spec spec =
        Spec.post("sts", "", NOW)
            .withMethod("GET", "http://127.0.0.1:4747/?Action=GetCallerIdentity&Version=2011-06-15")
            .withHeaders(Map.of())
            .withSessionToken(TOKEN)
            .presigned(Duration.ofMinutes(15));

    SignedRequest request = SdkSigning.sign(spec, NOW.plusSeconds(600));

    assertThat(request.rawQuery()).contains("X-Amz-Security-Token=");
    assertThat(verifier.verify(request).securityToken()).contains(TOKEN);
  }

  @Test
  void verify_unsignedPayloadOverHttps_acceptedAsUnsigned() {
    Spec spec =
        Spec.post("sts", GET_CALLER_IDENTITY, NOW)
            .withMethod("POST", "https://127.0.0.1:4747/")
            .with(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
    SignedRequest request = SdkSigning.sign(spec, NOW);

    assertThat(request.headers().all("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");
    assertThat(verifier.verify(request).payloadSigned()).isFalse();
  }

  @Test
  void verify_sdkRequestWithWrongSecret_signatureDoesNotMatch() {
    SignedRequest request = SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW), NOW);
    SigV4Verifier<String> otherSecret =
        SigV4Verifier.<String>builder(
                (id, token) -> Optional.of(SigningSecret.of("not-the-secret", "someone")))
            .services(Set.of("sts"))
            .build();

    assertThatThrownBy(() -> otherSecret.verify(request))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
              assertThat(e.awsCode()).isEqualTo("SignatureDoesNotMatch");
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.getMessage()).isEqualTo(SignatureException.SIGNATURE_MISMATCH_MESSAGE);
            });
  }

  @Test
  void verify_sdkRequestWithBodyChanged_rejected() {
    SignedRequest request = SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW), NOW);
    SignedRequest tampered =
        request.toBuilder().body(SdkSigning.utf8("Action=AssumeRole&Version=2011-06-15")).build();

    assertThat(request.headers().all("x-amz-content-sha256")).hasSize(1);
    assertThatThrownBy(() -> verifier.verify(tampered))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> assertThat(e.error()).isEqualTo(AuthError.X_AMZ_CONTENT_SHA256_MISMATCH));
    SignedRequest tamperedWithoutDeclaredHash =
        tampered.toBuilder()
            .headers(tampered.headers().with("x-amz-content-sha256", List.of()))
            .build();
    assertThatThrownBy(() -> verifier.verify(tamperedWithoutDeclaredHash))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH));
  }

  @Test
  void verify_sdkRequestForUnlistedService_signatureDoesNotMatch() {
    SignedRequest request = SdkSigning.sign(Spec.post("s3", "", NOW), NOW);

    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Credential should be scoped to correct service: 'ecr' or 'iam' or 'sts'. ");
            });
    assertThat(lookups).isEmpty();
  }

  @Test
  void verify_sameKeyTwice_signingKeyCachedButSecretLookedUpEachTime() {
    verifier.verify(SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW), NOW));
    verifier.verify(
        SdkSigning.sign(Spec.post("sts", GET_CALLER_IDENTITY, NOW.plusSeconds(5)), NOW));

    assertThat(lookups).hasSize(2);
    assertThat(verifier.cache().misses()).isEqualTo(1);
    assertThat(verifier.cache().hits()).isEqualTo(1);
  }
}
