package dev.crossrole.server.internal.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.ErrorCode;
import dev.crossrole.core.IdentityException;
import dev.crossrole.server.internal.sigv4.AuthError;
import dev.crossrole.server.internal.sigv4.SignatureException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal thrown below the edge, as each protocol answers it. */
class AwsErrorTest {
  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "signature mismatch",
            new SignatureException(AuthError.SIGNATURE_DOES_NOT_MATCH, "bad signature"),
            new AwsError("SignatureDoesNotMatch", 403, "bad signature"),
            new AwsError("InvalidSignatureException", 403, "bad signature")),
        Arguments.of(
            "presigned request expired",
            new SignatureException(AuthError.REQUEST_EXPIRED, "expired"),
            new AwsError("RequestExpired", 400, "expired"),
            new AwsError("InvalidSignatureException", 400, "expired")),
        Arguments.of(
            "unknown access key",
            SignatureException.invalidClientTokenId(),
            new AwsError("InvalidClientTokenId", 403, SignatureException.INVALID_TOKEN_MESSAGE),
            new AwsError(
                "UnrecognizedClientException", 403, SignatureException.INVALID_TOKEN_MESSAGE)),
        Arguments.of(
            "expired session token",
            SignatureException.expiredToken(),
            new AwsError("ExpiredToken", 403, SignatureException.EXPIRED_TOKEN_MESSAGE),
            new AwsError("ExpiredTokenException", 403, SignatureException.EXPIRED_TOKEN_MESSAGE)),
        Arguments.of(
            "missing parameter",
            AwsException.missing("RoleArn"),
            new AwsError("MissingParameter", 400, "The request must contain the parameter RoleArn"),
            new AwsError(
                "MissingParameterException",
                400,
                "The request must contain the parameter RoleArn")),
        Arguments.of(
            "body too large",
            AwsException.query("RequestEntityTooLarge", 413, "too large"),
            new AwsError("RequestEntityTooLarge", 413, "too large"),
            new AwsError("RequestEntityTooLargeException", 413, "too large")),
        Arguments.of(
            "no such entity",
            new IdentityException(ErrorCode.NO_SUCH_ENTITY, "no role"),
            new AwsError("NoSuchEntity", 404, "no role"),
            new AwsError("InvalidParameterException", 400, "no role")),
        Arguments.of(
            "access denied",
            new IdentityException(ErrorCode.ACCESS_DENIED, "denied"),
            new AwsError("AccessDenied", 403, "denied"),
            new AwsError("AccessDeniedException", 400, "denied")),
        Arguments.of(
            "store failure",
            new IdentityException(ErrorCode.SERVICE_FAILURE, "database gone"),
            new AwsError("ServiceFailure", 500, "database gone"),
            new AwsError("ServerException", 500, "database gone")),
        Arguments.of(
            "identity error without a message",
            new IdentityException(ErrorCode.VALIDATION_ERROR, null),
            new AwsError("ValidationError", 400, ""),
            new AwsError("InvalidParameterException", 400, "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void inQueryAndInJson_refusal_eachProtocolsCode(
      String name, RuntimeException refusal, AwsError query, AwsError json) {
    assertThat(AwsError.inQuery(refusal)).contains(query);
    assertThat(AwsError.inJson(refusal)).contains(json);
  }

  @Test
  void inJson_jsonServicesOwnError_answeredAsThrown() {
    AwsException notFound = AwsException.json("RepositoryNotFoundException", "no repository");
    assertThat(AwsError.inJson(notFound))
        .contains(new AwsError("RepositoryNotFoundException", 400, "no repository"));
  }

  @Test
  void inQuery_jsonServicesOwnError_defectOfOurs() {
    AwsException notFound = AwsException.json("RepositoryNotFoundException", "no repository");
    assertThat(AwsError.inQuery(notFound)).isEqualTo(Optional.empty());
  }

  @Test
  void inQueryAndInJson_defectOfOurs_empty() {
    IllegalStateException defect = new IllegalStateException("a bug");
    assertThat(AwsError.inQuery(defect)).isEqualTo(Optional.empty());
    assertThat(AwsError.inJson(defect)).isEqualTo(Optional.empty());
  }

  @Test
  void internalFailures_eachProtocolsCode_awsWordsAndStatus500() {
    assertThat(AwsError.queryInternalFailure().code()).isEqualTo("InternalFailure");
    assertThat(AwsError.jsonServerException().code()).isEqualTo("ServerException");
    assertThat(AwsError.queryInternalFailure().status()).isEqualTo(500);
    assertThat(AwsError.queryInternalFailure().sender()).isFalse();
    assertThat(AwsError.jsonServerException().message())
        .isEqualTo(AwsError.queryInternalFailure().message());
  }
}
