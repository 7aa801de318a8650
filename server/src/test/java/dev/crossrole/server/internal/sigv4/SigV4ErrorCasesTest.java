package dev.crossrole.server.internal.sigv4;

import static dev.crossrole.server.internal.sigv4.AuthError.EXPIRED_TOKEN;
import static dev.crossrole.server.internal.sigv4.AuthError.INCOMPLETE_SIGNATURE;
import static dev.crossrole.server.internal.sigv4.AuthError.INVALID_CLIENT_TOKEN_ID;
import static dev.crossrole.server.internal.sigv4.AuthError.MISSING_AUTHENTICATION_TOKEN;
import static dev.crossrole.server.internal.sigv4.AuthError.REQUEST_EXPIRED;
import static dev.crossrole.server.internal.sigv4.AuthError.SIGNATURE_DOES_NOT_MATCH;
import static dev.crossrole.server.internal.sigv4.AuthError.X_AMZ_CONTENT_SHA256_MISMATCH;
import static dev.crossrole.server.internal.sigv4.SdkSigning.ACCESS_KEY_ID;
import static dev.crossrole.server.internal.sigv4.SdkSigning.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crossrole.server.internal.sigv4.SdkSigning.Spec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Table-driven error cases: each row mutates a request the AWS SDK signed and names the AWS error
 * code and message the verifier must answer with. Plus the accepted variations of form.
 */
class SigV4ErrorCasesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final String BODY = "Action=GetCallerIdentity&Version=2011-06-15";
  private static final String EXPIRED_KEY = "ASIAEXPIREDEXAMPLE00";
  private static final CredentialScope SCOPE = new CredentialScope("20260301", "us-east-1", "sts");
  private static final String ECR_TOKEN_TARGET =
      "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken";

  private static final SigningSecrets<String> SECRETS =
      (accessKeyId, token) -> {
        if (accessKeyId.equals(EXPIRED_KEY)) {
          throw SignatureException.expiredToken();
        }
        return accessKeyId.equals(ACCESS_KEY_ID)
            ? Optional.of(SigningSecret.of(SECRET, "builder"))
            : Optional.empty();
      };

  private static final SigV4Verifier<String> VERIFIER =
      SigV4Verifier.builder(SECRETS).services(Set.of("sts")).build();

  private static SignedRequest header() {
    return SdkSigning.sign(Spec.post("sts", BODY, NOW), NOW);
  }

  private static SignedRequest presigned() {
    return SdkSigning.sign(
        Spec.post("sts", "", NOW)
            .withMethod("GET", "http://127.0.0.1:4747/?Action=GetCallerIdentity&Version=2011-06-15")
            .withHeaders(Map.of())
            .presigned(Duration.ofMinutes(5)),
        NOW);
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        row(
            "verify_noAuthorization_missingAuthenticationToken",
            () -> withHeader(header(), "Authorization"),
            MISSING_AUTHENTICATION_TOKEN,
            "Request is missing Authentication Token"),
        row(
            "verify_blankAuthorization_missingAuthenticationToken",
            () -> withHeader(header(), "Authorization", " "),
            MISSING_AUTHENTICATION_TOKEN,
            "Request is missing Authentication Token"),
        row(
            "verify_bearerToken_incompleteSignature",
            () -> withHeader(header(), "Authorization", "Bearer eyJhbGciOi"),
            INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'Signature' parameter. Authorization header requires 'SignedHeaders'"
                + " parameter."),
        row(
            "verify_signatureParameterMissing_incompleteSignature",
            () -> authorization(header(), a -> a.replaceAll(", Signature=[0-9a-f]+", "")),
            INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Signature' parameter."),
        row(
            "verify_signatureParameterEmpty_incompleteSignature",
            () -> authorization(header(), a -> a.replaceAll("Signature=[0-9a-f]+", "Signature=")),
            INCOMPLETE_SIGNATURE,
            "Authorization header requires 'Signature' parameter."),
        row(
            "verify_noDateHeader_incompleteSignature",
            () -> withHeader(header(), "X-Amz-Date"),
            INCOMPLETE_SIGNATURE,
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                + " header."),
        row(
            "verify_pairWithoutEqualSign_incompleteSignature",
            () -> authorization(header(), a -> a.replace("SignedHeaders=", "SignedHeaders ")),
            INCOMPLETE_SIGNATURE,
            "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with"
                + " SHA-256 and encoded with Base64): '"),
        row(
            "verify_unsupportedAlgorithm_incompleteSignature",
            () -> authorization(header(), a -> a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")),
            INCOMPLETE_SIGNATURE,
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."),
        row(
            "verify_credentialWithFourParts_incompleteSignature",
            () -> authorization(header(), a -> a.replace("/us-east-1/", "/")),
            INCOMPLETE_SIGNATURE,
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got '"
                + ACCESS_KEY_ID
                + "/20260301/sts/aws4_request'"),
        row(
            "verify_credentialBadRegion_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.replace("/us-east-1/", "/moon/")),
            SIGNATURE_DOES_NOT_MATCH,
            "Credential should be scoped to a valid region, not 'moon'. "),
        row(
            "verify_credentialWrongService_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.replace("/sts/", "/iam/")),
            SIGNATURE_DOES_NOT_MATCH,
            "Credential should be scoped to correct service: 'sts'. "),
        row(
            "verify_credentialBadTerminator_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.replace("aws4_request", "aws5_request")),
            SIGNATURE_DOES_NOT_MATCH,
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws5_request'. "),
        row(
            "verify_credentialAllScopeWrong_signatureDoesNotMatchListingEach",
            () ->
                authorization(
                    header(),
                    a -> a.replace("/us-east-1/sts/aws4_request", "/moon/s3/aws4_requests")),
            SIGNATURE_DOES_NOT_MATCH,
            "Credential should be scoped to a valid region, not 'moon'. Credential should be"
                + " scoped to correct service: 'sts'. Credential should be scoped with a valid"
                + " terminator: 'aws4_request', not 'aws4_requests'. "),
        row(
            "verify_hostNotSigned_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.replace("host;", "")),
            SIGNATURE_DOES_NOT_MATCH,
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
        row(
            "verify_xAmzTargetNotSigned_signatureDoesNotMatch",
            () -> withHeader(header(), "X-Amz-Target", ECR_TOKEN_TARGET),
            SIGNATURE_DOES_NOT_MATCH,
            "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."),
        row(
            "verify_xAmzTargetEmptyNotSigned_signatureDoesNotMatch",
            () -> withHeader(header(), "x-amz-target", ""),
            SIGNATURE_DOES_NOT_MATCH,
            "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."),
        row(
            "verify_presignedXAmzTargetNotSigned_signatureDoesNotMatch",
            () -> withHeader(presigned(), "X-Amz-Target", ECR_TOKEN_TARGET),
            SIGNATURE_DOES_NOT_MATCH,
            "'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization."),
        row(
            "verify_dateNotBasicIso_incompleteSignature",
            () -> withHeader(header(), "X-Amz-Date", "2026-03-01T10:00:00Z"),
            INCOMPLETE_SIGNATURE,
            "Date must be in ISO-8601 'basic format'. Got '2026-03-01T10:00:00Z'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        row(
            "verify_scopeDateNotRequestDate_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.replace("/20260301/", "/20260302/")),
            SIGNATURE_DOES_NOT_MATCH,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                + " HTTP: '20260302' != '20260301', from '20260301T100000Z'."),
        row(
            "verify_received16MinutesLate_signatureDoesNotMatchExpired",
            () -> header().toBuilder().receivedAt(NOW.plus(Duration.ofMinutes(16))).build(),
            SIGNATURE_DOES_NOT_MATCH,
            "Signature expired: 20260301T100000Z is now earlier than 20260301T100100Z"
                + " (20260301T101600Z - 15 min.)"),
        row(
            "verify_received16MinutesEarly_signatureDoesNotMatchNotYetCurrent",
            () -> header().toBuilder().receivedAt(NOW.minus(Duration.ofMinutes(16))).build(),
            SIGNATURE_DOES_NOT_MATCH,
            "Signature not yet current: 20260301T100000Z is still later than 20260301T095900Z"
                + " (20260301T094400Z + 15 min.)"),
        row(
            "verify_unknownAccessKey_invalidClientTokenId",
            () -> authorization(header(), a -> a.replace(ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLF")),
            INVALID_CLIENT_TOKEN_ID,
            "The security token included in the request is invalid."),
        row(
            "verify_emptyAccessKey_invalidClientTokenId",
            () -> authorization(header(), a -> a.replace(ACCESS_KEY_ID, "")),
            INVALID_CLIENT_TOKEN_ID,
            "The security token included in the request is invalid."),
        row(
            "verify_expiredSession_expiredToken",
            () -> authorization(header(), a -> a.replace(ACCESS_KEY_ID, EXPIRED_KEY)),
            EXPIRED_TOKEN,
            "The security token included in the request is expired"),
        row(
            "verify_signatureFlipped_signatureDoesNotMatch",
            () -> authorization(header(), SigV4VectorsTest::flipLastChar),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_signatureTruncated_signatureDoesNotMatch",
            () -> authorization(header(), a -> a.substring(0, a.length() - 2)),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_signatureNotHex_signatureDoesNotMatch",
            () ->
                authorization(
                    header(),
                    a -> a.replaceAll("Signature=[0-9a-f]+", "Signature=" + "zz".repeat(32))),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_unsignedHeaderAddedThatIsSignedName_signatureDoesNotMatch",
            () -> header().toBuilder().header("Host", "second.example").build(),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_twoAuthorizationHeaders_incompleteSignature",
            () ->
                header().toBuilder()
                    .header("Authorization", header().headers().first("Authorization").get())
                    .build(),
            INCOMPLETE_SIGNATURE,
            "Authorization header must be sent once"),
        row(
            "verify_headerAndQueryAuth_incompleteSignature",
            () ->
                header().toBuilder()
                    .rawQuery(
                        "X-Amz-Credential="
                            + ACCESS_KEY_ID
                            + "%2F20260301%2Fus-east-1%2Fsts%2Faws4_request")
                    .build(),
            INCOMPLETE_SIGNATURE,
            "Only one auth mechanism allowed"),
        row(
            "verify_bodyNotMatchingDeclaredSha256_xAmzContentSha256Mismatch",
            () ->
                signedWith(Map.of("x-amz-content-sha256", SigV4.sha256Hex(SdkSigning.utf8(BODY))))
                    .toBuilder()
                    .body(SdkSigning.utf8("Action=GetCallerIdentity&Version=2011-06-16"))
                    .build(),
            X_AMZ_CONTENT_SHA256_MISMATCH,
            SignatureException.CONTENT_SHA256_MISMATCH_MESSAGE),
        row(
            "verify_streamingPayloadDeclared_xAmzContentSha256Mismatch",
            () -> signedWith(Map.of("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")),
            X_AMZ_CONTENT_SHA256_MISMATCH,
            SignatureException.CONTENT_SHA256_MISMATCH_MESSAGE),
        row(
            "verify_garbageContentSha256Declared_xAmzContentSha256Mismatch",
            () -> signedWith(Map.of("x-amz-content-sha256", "not-a-hash")),
            X_AMZ_CONTENT_SHA256_MISMATCH,
            SignatureException.CONTENT_SHA256_MISMATCH_MESSAGE),
        row(
            "verify_presignedWithoutExpires_incompleteSignature",
            () -> query(presigned(), q -> q.replaceAll("&?X-Amz-Expires=[0-9]+", "")),
            INCOMPLETE_SIGNATURE,
            "Query-string authentication version 4 requires the X-Amz-Algorithm,"
                + " X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and"
                + " X-Amz-Expires parameters."),
        row(
            "verify_presignedWithoutSignature_incompleteSignature",
            () -> query(presigned(), q -> q.replaceAll("&?X-Amz-Signature=[0-9a-f]+", "")),
            INCOMPLETE_SIGNATURE,
            "Query-string authentication version 4 requires"),
        row(
            "verify_presignedExpiresOverAWeek_incompleteSignature",
            () ->
                query(
                    presigned(), q -> q.replaceAll("X-Amz-Expires=[0-9]+", "X-Amz-Expires=604801")),
            INCOMPLETE_SIGNATURE,
            "X-Amz-Expires must be less than a week (in seconds) that is 604800"),
        row(
            "verify_presignedExpiresNotANumber_incompleteSignature",
            () ->
                query(presigned(), q -> q.replaceAll("X-Amz-Expires=[0-9]+", "X-Amz-Expires=ten")),
            INCOMPLETE_SIGNATURE,
            "X-Amz-Expires should be a number"),
        row(
            "verify_presignedExpiresNegative_incompleteSignature",
            () -> query(presigned(), q -> q.replaceAll("X-Amz-Expires=[0-9]+", "X-Amz-Expires=-1")),
            INCOMPLETE_SIGNATURE,
            "X-Amz-Expires must be non-negative"),
        row(
            "verify_presignedOtherAlgorithm_incompleteSignature",
            () -> query(presigned(), q -> q.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256")),
            INCOMPLETE_SIGNATURE,
            "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""),
        row(
            "verify_presignedDateMalformed_incompleteSignature",
            () ->
                query(
                    presigned(),
                    q -> q.replace("X-Amz-Date=20260301T100000Z", "X-Amz-Date=20260301")),
            INCOMPLETE_SIGNATURE,
            "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""),
        row(
            "verify_presignedAfterExpires_requestExpired",
            () ->
                presigned().toBuilder()
                    .receivedAt(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1))
                    .build(),
            REQUEST_EXPIRED,
            "Request has expired."),
        row(
            "verify_presignedSignatureFlipped_signatureDoesNotMatch",
            () -> query(presigned(), SigV4ErrorCasesTest::flipSignatureParameter),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_presignedActionChanged_signatureDoesNotMatch",
            () -> query(presigned(), q -> q.replace("GetCallerIdentity", "GetSessionToken")),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_presignedParameterAdded_signatureDoesNotMatch",
            () -> query(presigned(), q -> q + "&DurationSeconds=129600"),
            SIGNATURE_DOES_NOT_MATCH,
            SignatureException.SIGNATURE_MISMATCH_MESSAGE),
        row(
            "verify_presignedCredentialBadTerminator_signatureDoesNotMatch",
            () -> query(presigned(), q -> q.replace("aws4_request", "aws4_reques")),
            SIGNATURE_DOES_NOT_MATCH,
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws4_reques'. "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void verify_rejections(Supplier<SignedRequest> request, AuthError expected, String message) {
    SignedRequest built = request.get();
    assertThatThrownBy(() -> VERIFIER.verify(built))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).as(e.getMessage()).isEqualTo(expected);
              assertThat(e.awsCode()).isEqualTo(expected.awsCode());
              assertThat(e.httpStatus()).isEqualTo(expected.httpStatus());
              assertThat(e.getMessage()).startsWith(message);
              assertThat(e.getMessage()).doesNotContain(SECRET);
              assertThat(e.toString()).doesNotContain(SECRET);
            });
  }

  @Test
  void verify_dateHeaderRfc1123_accepted() {
    SignedRequest request =
        TestSigner.signHeader(
            base().toBuilder().header("Date", "Sun, 01 Mar 2026 10:00:00 GMT").build(),
            ACCESS_KEY_ID,
            SECRET,
            SCOPE,
            "20260301T100000Z",
            List.of("date", "host"));

    assertThat(VERIFIER.verify(request).signedAt()).isEqualTo(NOW);
  }

  @Test
  void verify_dateHeaderBasicIso_accepted() {
    SignedRequest request =
        TestSigner.signHeader(
            base().toBuilder().header("Date", "20260301T100000Z").build(),
            ACCESS_KEY_ID,
            SECRET,
            SCOPE,
            "20260301T100000Z",
            List.of("date", "host"));

    assertThat(VERIFIER.verify(request).signedHeaders()).containsExactly("date", "host");
  }

  @Test
  void verify_xAmzDateAndDateHeaders_xAmzDateWins() {
    SignedRequest request =
        TestSigner.signHeader(
            base().toBuilder()
                .header("Date", "Sun, 01 Mar 2026 09:00:00 GMT")
                .header("X-Amz-Date", "20260301T100000Z")
                .build(),
            ACCESS_KEY_ID,
            SECRET,
            SCOPE,
            "20260301T100000Z",
            List.of("host", "x-amz-date"));

    assertThat(VERIFIER.verify(request).signedAt()).isEqualTo(NOW);
  }

  @Test
  void verify_unsignedPayloadDeclared_acceptedAsNotSigned() {
    SignedRequest request = signedWith(Map.of("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD));

    assertThat(VERIFIER.verify(request).payloadSigned()).isFalse();
  }

  @Test
  void verify_unsignedPayloadWhenDisallowed_xAmzContentSha256Mismatch() {
    SigV4Verifier<String> strict =
        SigV4Verifier.builder(SECRETS).services(Set.of("sts")).allowUnsignedPayload(false).build();
    SignedRequest request = signedWith(Map.of("x-amz-content-sha256", SigV4.UNSIGNED_PAYLOAD));

    assertThatThrownBy(() -> strict.verify(request))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> assertThat(e.error()).isEqualTo(X_AMZ_CONTENT_SHA256_MISMATCH));
  }

  @Test
  void verify_declaredSha256MatchingBody_acceptedAsSigned() {
    SignedRequest request =
        signedWith(
            Map.of("x-amz-content-sha256", SigV4.sha256Hex(SdkSigning.utf8(BODY)).toUpperCase()));

    assertThat(VERIFIER.verify(request).payloadSigned()).isTrue();
  }

  @Test
  void verify_precomputedPayloadHash_accepted() {
    SignedRequest signed = header();
    SignedRequest hashed =
        signed.toBuilder().payloadSha256(SigV4.sha256Hex(SdkSigning.utf8(BODY))).build();

    assertThat(VERIFIER.verify(hashed).accessKeyId()).isEqualTo(ACCESS_KEY_ID);
  }

  @Test
  void verify_authorizationWithoutSpacesAndHeaderNamesInOtherCase_accepted() {
    SignedRequest signed = header();
    String authorization = signed.headers().first("authorization").get().replace(", ", ",");
    RequestHeaders.Builder headers = RequestHeaders.builder();
    for (String name : signed.headers().names()) {
      for (String value : signed.headers().all(name)) {
        headers.add(
            name.toUpperCase(), name.equals("authorization") ? authorization : "  " + value + " ");
      }
    }

    assertThat(VERIFIER.verify(signed.toBuilder().headers(headers.build()).build()).principal())
        .isEqualTo("builder");
  }

  @Test
  void verify_regionsConfigured_otherRegionRejected() {
    SigV4Verifier<String> euOnly =
        SigV4Verifier.builder(SECRETS).services(Set.of("sts")).regions(Set.of("eu-west-1")).build();

    assertThatThrownBy(() -> euOnly.verify(header()))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("Credential should be scoped to a valid region, not 'us-east-1'. "));
  }

  @Test
  void verify_xAmzTargetSigned_accepted() {
    SignedRequest signed = signedWith(Map.of("X-Amz-Target", ECR_TOKEN_TARGET));

    assertThat(VERIFIER.verify(signed).signedHeaders()).contains("x-amz-target");
  }

  @Test
  void verify_scopeNamesOtherThanExpectedService_signatureDoesNotMatchNamingExpected() {
    SigV4Verifier<String> verifier =
        SigV4Verifier.builder(SECRETS).services(Set.of("sts", "ecr")).build();

    assertThatThrownBy(() -> verifier.verify(header(), Set.of("ecr")))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).isEqualTo(SIGNATURE_DOES_NOT_MATCH);
              assertThat(e.httpStatus()).isEqualTo(403);
              assertThat(e.getMessage())
                  .isEqualTo("Credential should be scoped to correct service: 'ecr'. ");
            });
    assertThat(verifier.verify(header(), Set.of("sts")).principal()).isEqualTo("builder");
  }

  @Test
  void verify_expectedServiceNotConfigured_illegalArgument() {
    assertThatThrownBy(() -> VERIFIER.verify(header(), Set.of("ecr")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VERIFIER.verify(header(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verify_serviceWithOwnRegions_acceptsThoseOnly() {
    SigV4Verifier<String> euServer =
        SigV4Verifier.builder(SECRETS)
            .services(Set.of("sts", "iam"))
            .regions(Set.of("eu-west-1"))
            .regions("iam", Set.of("us-east-1", "eu-west-1"))
            .build();

    assertThat(euServer.verify(signedFor("iam", "us-east-1")).scope().region())
        .isEqualTo("us-east-1");
    assertThat(euServer.verify(signedFor("iam", "eu-west-1")).scope().region())
        .isEqualTo("eu-west-1");
    assertThat(euServer.verify(signedFor("sts", "eu-west-1")).scope().region())
        .isEqualTo("eu-west-1");
    for (SignedRequest refused :
        List.of(signedFor("sts", "us-east-1"), signedFor("iam", "ap-south-1"))) {
      assertThatThrownBy(() -> euServer.verify(refused))
          .isInstanceOfSatisfying(
              SignatureException.class,
              e -> {
                assertThat(e.error()).isEqualTo(SIGNATURE_DOES_NOT_MATCH);
                assertThat(e.getMessage())
                    .startsWith("Credential should be scoped to a valid region, not '");
              });
    }
  }

  @Test
  void verify_nameTwiceInQuery_queryKeepsBothAsSigned() {
    SignedRequest unsigned =
        SignedRequest.builder()
            .method("GET")
            .target("/?UserName=bob&UserName=alice&P=a+b")
            .header("Host", "127.0.0.1:4747")
            .header("X-Amz-Date", "20260301T100000Z")
            .receivedAt(NOW)
            .build();
    SignedRequest signed =
        TestSigner.signHeader(
            unsigned,
            ACCESS_KEY_ID,
            SECRET,
            SCOPE,
            "20260301T100000Z",
            List.of("host", "x-amz-date"));

    List<VerifiedRequest.QueryParameter> query = VERIFIER.verify(signed).query();

    assertThat(query)
        .containsExactly(
            parameter("UserName", "bob"), parameter("UserName", "alice"), parameter("P", "a+b"));
  }

  @Test
  void canonicalize_malformedRequest_throwsSameErrorAsVerify() {
    assertThatThrownBy(() -> VERIFIER.canonicalize(withHeader(header(), "Authorization")))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> assertThat(e.error()).isEqualTo(MISSING_AUTHENTICATION_TOKEN));
  }

  // ---------------------------------------------------------------------------------------------

  private static SignedRequest signedFor(String service, String region) {
    return SdkSigning.sign(
        Spec.post(service, BODY, NOW).with(b -> b.putProperty(AwsV4HttpSigner.REGION_NAME, region)),
        NOW);
  }

  private static VerifiedRequest.QueryParameter parameter(String name, String value) {
    return new VerifiedRequest.QueryParameter(SdkSigning.utf8(name), SdkSigning.utf8(value));
  }

  private static Arguments row(
      String name, Supplier<SignedRequest> request, AuthError expected, String message) {
    return Arguments.of(Named.of(name, request), expected, message);
  }

  /** An unsigned STS POST with Host and a body, for {@link TestSigner}. */
  private static SignedRequest base() {
    return SignedRequest.builder()
        .method("POST")
        .target("/")
        .header("Host", "127.0.0.1:4747")
        .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        .body(SdkSigning.utf8(BODY))
        .receivedAt(NOW)
        .build();
  }

  /** A header-signed request with extra headers, all signed. */
  private static SignedRequest signedWith(Map<String, String> extra) {
    SignedRequest.Builder builder = base().toBuilder().header("X-Amz-Date", "20260301T100000Z");
    extra.forEach(builder::header);
    SignedRequest unsigned = builder.build();
    return TestSigner.signHeader(
        unsigned,
        ACCESS_KEY_ID,
        SECRET,
        SCOPE,
        "20260301T100000Z",
        unsigned.headers().names().stream().sorted().toList());
  }

  private static SignedRequest withHeader(SignedRequest request, String name, String... values) {
    return request.toBuilder().headers(request.headers().with(name, List.of(values))).build();
  }

  private static SignedRequest authorization(SignedRequest request, UnaryOperator<String> change) {
    String value = request.headers().first("Authorization").orElseThrow();
    return withHeader(request, "Authorization", change.apply(value));
  }

  private static String flipSignatureParameter(String query) {
    Matcher m = Pattern.compile("X-Amz-Signature=([0-9a-f]+)").matcher(query);
    assertThat(m.find()).isTrue();
    return query.substring(0, m.start(1))
        + SigV4VectorsTest.flipLastChar(m.group(1))
        + query.substring(m.end(1));
  }

  private static SignedRequest query(SignedRequest request, UnaryOperator<String> change) {
    return request.toBuilder().rawQuery(change.apply(request.rawQuery())).build();
  }
}
