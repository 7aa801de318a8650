package dev.crossrole.server.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.crossrole.server.internal.sigv4.VectorCase.Mode;
import dev.crossrole.server.internal.sigv4.VerifiedRequest.AuthLocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of the official SigV4 test suite (vendored as {@code sigv4/suite}), signed in the
 * Authorization header and presigned in the query: the verifier reproduces the canonical request,
 * the string to sign and the signature, accepts the signed request at its timestamp, and rejects
 * byte-flipped variants with AWS's error.
 */
class SigV4VectorsTest {
  private static final String PRINCIPAL = "vector-principal";

  @Test
  void suite_everyCaseDirectory_isLoadedWithBothSigningModes() {
    List<VectorCase> cases = VectorCase.all();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(38);
    for (VectorCase vector : cases) {
      for (Mode mode : Mode.values()) {
        for (String suffix :
            List.of("canonical-request", "string-to-sign", "signature", "signed-request")) {
          assertThat(vector.dir().resolve(mode.prefix + "-" + suffix + ".txt"))
              .as(vector.name())
              .isRegularFile();
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicContainer> vectors() {
    return VectorCase.all().stream()
        .map(
            vector ->
                dynamicContainer(
                    vector.name(),
                    Stream.of(Mode.values())
                        .map(mode -> dynamicContainer(mode.prefix, casesFor(vector, mode)))));
  }

  private static Stream<DynamicNode> casesFor(VectorCase vector, Mode mode) {
    Instant at = vector.timestamp();
    SigV4Verifier<String> verifier = verifier(vector, vector.secretAccessKey());
    SignedRequest signed = vector.signedRequest(mode, at);
    List<DynamicNode> tests = new ArrayList<>();

    tests.add(
        dynamicTest(
            "canonicalRequest_matchesSuite",
            () ->
                assertThat(signingInput(verifier, signed, vector, mode).canonicalRequest())
                    .isEqualTo(vector.file(mode, "canonical-request"))));
    tests.add(
        dynamicTest(
            "stringToSign_matchesSuite",
            () ->
                assertThat(signingInput(verifier, signed, vector, mode).stringToSign())
                    .isEqualTo(vector.file(mode, "string-to-sign"))));
    tests.add(
        dynamicTest(
            "signature_matchesSuite",
            () -> {
              SigningInput input = signingInput(verifier, signed, vector, mode);
              byte[] key =
                  SigV4.signingKey(
                      vector.secretAccessKey().getBytes(StandardCharsets.UTF_8), input.scope());
              String signature = SigV4.signature(key, input.stringToSign());
              assertThat(signature).isEqualTo(vector.file(mode, "signature"));
              assertThat(input.signature()).isEqualTo(signature);
            }));
    tests.add(
        dynamicTest(
            "verify_atTimestamp_accepted",
            () -> {
              VerifiedRequest<String> verified = verifier.verify(signed);
              assertThat(verified.accessKeyId()).isEqualTo(vector.accessKeyId());
              assertThat(verified.principal()).isEqualTo(PRINCIPAL);
              assertThat(verified.scope())
                  .isEqualTo(new CredentialScope("20150830", vector.region(), vector.service()));
              assertThat(verified.signedHeaders()).contains("host");
              assertThat(verified.signedAt()).isEqualTo(at);
              assertThat(verified.location())
                  .isEqualTo(mode == Mode.HEADER ? AuthLocation.HEADER : AuthLocation.QUERY);
              assertThat(verified.securityToken()).isEqualTo(vector.token());
              assertThat(verified.payloadSigned()).isTrue();
            }));
    tests.add(
        dynamicTest(
            "verify_unsignedRequest_missingAuthenticationToken",
            () ->
                assertRejected(
                    verifier,
                    RawHttp.parse(vector.unsignedRequest(), at),
                    AuthError.MISSING_AUTHENTICATION_TOKEN)));

    // Byte-flipped variants.
    tests.add(
        rejected(
            "verify_signatureCharFlipped_signatureDoesNotMatch",
            verifier,
            mode == Mode.HEADER
                ? withHeader(signed, "Authorization", SigV4VectorsTest::flipLastChar, vector.name())
                : withQueryParam(signed, "X-Amz-Signature", SigV4VectorsTest::flipLastChar),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    tests.add(
        rejected(
            "verify_hostValueChanged_signatureDoesNotMatch",
            verifier,
            withHeader(signed, "Host", v -> v.replace("example", "exbmple"), vector.name()),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    for (String name : verifier.canonicalize(signed).signedHeaders()) {
      if (Set.of("host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256")
          .contains(name)) {
        continue;
      }
      tests.add(
          rejected(
              "verify_signedHeaderChanged_" + name + "_signatureDoesNotMatch",
              verifier,
              withHeader(signed, name, SigV4VectorsTest::flipLastChar, vector.name()),
              AuthError.SIGNATURE_DOES_NOT_MATCH));
    }
    tests.add(
        rejected(
            "verify_methodChanged_signatureDoesNotMatch",
            verifier,
            signed.toBuilder().method(signed.method().equals("GET") ? "POST" : "GET").build(),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    tests.add(
        rejected(
            "verify_pathChanged_signatureDoesNotMatch",
            verifier,
            signed.toBuilder().rawPath(signed.rawPath() + "x").build(),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    if (mode == Mode.HEADER) {
      String query = signed.rawQuery();
      tests.add(
          rejected(
              "verify_queryChanged_signatureDoesNotMatch",
              verifier,
              signed.toBuilder().rawQuery(query.isEmpty() ? "extra=1" : query + "x").build(),
              AuthError.SIGNATURE_DOES_NOT_MATCH));
    } else {
      tests.add(
          rejected(
              "verify_expiresChanged_signatureDoesNotMatch",
              verifier,
              withQueryParam(signed, "X-Amz-Expires", v -> "3599"),
              AuthError.SIGNATURE_DOES_NOT_MATCH));
      if (!signed.rawQuery().startsWith("X-Amz-")) {
        tests.add(
            rejected(
                "verify_queryValueChanged_signatureDoesNotMatch",
                verifier,
                signed.toBuilder().rawQuery(flipFirstValue(signed.rawQuery())).build(),
                AuthError.SIGNATURE_DOES_NOT_MATCH));
      }
    }

    // Dates and skew.
    String later = SigV4.amzDate(at.plus(Duration.ofMinutes(20)));
    SignedRequest dateShifted =
        mode == Mode.HEADER
            ? withHeader(signed, "X-Amz-Date", v -> later, vector.name())
            : withQueryParam(signed, "X-Amz-Date", v -> later);
    tests.add(
        dynamicTest(
            "verify_dateShifted20MinutesAhead_signatureDoesNotMatchNotYetCurrent",
            () ->
                assertThatThrownBy(() -> verifier.verify(dateShifted))
                    .isInstanceOfSatisfying(
                        SignatureException.class,
                        e -> {
                          assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
                          assertThat(e.getMessage())
                              .isEqualTo(
                                  "Signature not yet current: "
                                      + later
                                      + " is still later than 20150830T125100Z"
                                      + " (20150830T123600Z + 15 min.)");
                        })));
    String slightlyLater = SigV4.amzDate(at.plus(Duration.ofMinutes(1)));
    tests.add(
        rejected(
            "verify_dateShiftedWithinSkew_signatureDoesNotMatch",
            verifier,
            mode == Mode.HEADER
                ? withHeader(signed, "X-Amz-Date", v -> slightlyLater, vector.name())
                : withQueryParam(signed, "X-Amz-Date", v -> slightlyLater),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    SignedRequest receivedLate = signed.toBuilder().receivedAt(at.plusSeconds(20 * 60)).build();
    if (mode == Mode.HEADER) {
      tests.add(
          dynamicTest(
              "verify_received20MinutesLate_signatureDoesNotMatchExpired",
              () ->
                  assertThatThrownBy(() -> verifier.verify(receivedLate))
                      .isInstanceOfSatisfying(
                          SignatureException.class,
                          e -> {
                            assertThat(e.error()).isEqualTo(AuthError.SIGNATURE_DOES_NOT_MATCH);
                            assertThat(e.getMessage())
                                .isEqualTo(
                                    "Signature expired: 20150830T123600Z is now earlier than"
                                        + " 20150830T124100Z (20150830T125600Z - 15 min.)");
                          })));
      tests.add(
          dynamicTest(
              "verify_received14MinutesLate_accepted",
              () ->
                  assertThat(
                          verifier
                              .verify(
                                  signed.toBuilder().receivedAt(at.plusSeconds(14 * 60)).build())
                              .accessKeyId())
                      .isEqualTo(vector.accessKeyId())));
    } else {
      tests.add(
          dynamicTest(
              "verify_received20MinutesLateWithinExpires_accepted",
              () ->
                  assertThat(verifier.verify(receivedLate).location())
                      .isEqualTo(AuthLocation.QUERY)));
      tests.add(
          rejected(
              "verify_receivedAfterExpires_requestExpired",
              verifier,
              signed.toBuilder().receivedAt(at.plusSeconds(vector.expirationSeconds() + 1)).build(),
              AuthError.REQUEST_EXPIRED));
    }
    tests.add(
        rejected(
            "verify_received20MinutesEarly_signatureDoesNotMatchNotYetCurrent",
            verifier,
            signed.toBuilder().receivedAt(at.minusSeconds(20 * 60)).build(),
            AuthError.SIGNATURE_DOES_NOT_MATCH));

    // Keys, secrets, tokens, bodies.
    UnaryOperator<String> otherKey =
        v -> v.replace("AKIDEXAMPLE/", "AKIDEXAMPLF/").replace("AKIDEXAMPLE%2F", "AKIDEXAMPLF%2F");
    tests.add(
        rejected(
            "verify_unknownAccessKey_invalidClientTokenId",
            verifier,
            mode == Mode.HEADER
                ? withHeader(signed, "Authorization", otherKey, vector.name())
                : withQueryParam(signed, "X-Amz-Credential", otherKey),
            AuthError.INVALID_CLIENT_TOKEN_ID));
    tests.add(
        rejected(
            "verify_wrongSecret_signatureDoesNotMatch",
            verifier(vector, vector.secretAccessKey().replace('w', 'v')),
            signed,
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    if (vector.token().isPresent()) {
      SignedRequest tokenChanged =
          signed.headers().contains("X-Amz-Security-Token")
              ? withHeader(
                  signed, "X-Amz-Security-Token", SigV4VectorsTest::flipLastChar, vector.name())
              : withQueryParam(signed, "X-Amz-Security-Token", SigV4VectorsTest::flipLastChar);
      tests.add(
          rejected(
              "verify_tokenChanged_invalidClientTokenId",
              verifier,
              tokenChanged,
              AuthError.INVALID_CLIENT_TOKEN_ID));
    }
    if (vector.signBody()) {
      SignedRequest bodyChanged =
          signed.toBuilder().body("Param1=value2".getBytes(StandardCharsets.UTF_8)).build();
      tests.add(
          rejected(
              "verify_bodyChanged_rejected",
              verifier,
              bodyChanged,
              mode == Mode.HEADER
                  ? AuthError.X_AMZ_CONTENT_SHA256_MISMATCH
                  : AuthError.SIGNATURE_DOES_NOT_MATCH));
    }
    if (mode == Mode.HEADER) {
      tests.add(
          rejected(
              "verify_authorizationRemoved_missingAuthenticationToken",
              verifier,
              signed.toBuilder().headers(signed.headers().with("Authorization", List.of())).build(),
              AuthError.MISSING_AUTHENTICATION_TOKEN));
    } else {
      tests.add(
          rejected(
              "verify_signatureParameterRemoved_incompleteSignature",
              verifier,
              signed.toBuilder()
                  .rawQuery(signed.rawQuery().replaceAll("&X-Amz-Signature=[0-9a-f]+", ""))
                  .build(),
              AuthError.INCOMPLETE_SIGNATURE));
    }
    UnaryOperator<String> badRegion =
        v -> v.replace("/us-east-1/", "/moon/").replace("%2Fus-east-1%2F", "%2Fmoon%2F");
    tests.add(
        rejected(
            "verify_regionNotValid_signatureDoesNotMatch",
            verifier,
            mode == Mode.HEADER
                ? withHeader(signed, "Authorization", badRegion, vector.name())
                : withQueryParam(signed, "X-Amz-Credential", badRegion),
            AuthError.SIGNATURE_DOES_NOT_MATCH));
    return tests.stream();
  }

  /**
   * The form of the request the suite signed: the standard one, or for a presigned request whose
   * token was appended after signing ({@code omit_session_token}), the form without the token.
   */
  private static SigningInput signingInput(
      SigV4Verifier<String> verifier, SignedRequest signed, VectorCase vector, Mode mode) {
    List<SigningInput> forms = verifier.canonicalizeAll(signed);
    boolean tokenInQuery = mode == Mode.QUERY && vector.token().isPresent();
    assertThat(forms).hasSize(tokenInQuery ? 2 : 1);
    assertThat(forms.get(0)).isEqualTo(verifier.canonicalize(signed));
    return tokenInQuery && vector.omitSessionToken() ? forms.get(1) : forms.get(0);
  }

  private static SigV4Verifier<String> verifier(VectorCase vector, String secret) {
    SigningSecrets<String> secrets =
        (accessKeyId, token) ->
            accessKeyId.equals(vector.accessKeyId()) && token.equals(vector.token())
                ? Optional.of(SigningSecret.of(secret, PRINCIPAL))
                : Optional.empty();
    return SigV4Verifier.builder(secrets)
        .services(Set.of(vector.service()))
        .normalizePath(vector.normalize())
        .build();
  }

  private static DynamicNode rejected(
      String name, SigV4Verifier<String> verifier, SignedRequest request, AuthError expected) {
    return dynamicTest(name, () -> assertRejected(verifier, request, expected));
  }

  static void assertRejected(
      SigV4Verifier<String> verifier, SignedRequest request, AuthError expected) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            SignatureException.class,
            e -> {
              assertThat(e.error()).as(e.getMessage()).isEqualTo(expected);
              assertThat(e.getMessage()).doesNotContain("wJalrXUtnFEMI");
            });
  }

  private static SignedRequest withHeader(
      SignedRequest request, String name, UnaryOperator<String> change, String caseName) {
    List<String> values = request.headers().all(name);
    assertThat(values).as(caseName + ": header " + name).isNotEmpty();
    List<String> changed = new ArrayList<>(values);
    changed.set(changed.size() - 1, change.apply(changed.get(changed.size() - 1)));
    return request.toBuilder().headers(request.headers().with(name, changed)).build();
  }

  private static SignedRequest withQueryParam(
      SignedRequest request, String name, UnaryOperator<String> change) {
    StringBuilder out = new StringBuilder();
    boolean found = false;
    for (String piece : request.rawQuery().split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      if (piece.startsWith(name + "=")) {
        found = true;
        out.append(name).append('=').append(change.apply(piece.substring(name.length() + 1)));
      } else {
        out.append(piece);
      }
    }
    assertThat(found).as("query parameter " + name).isTrue();
    return request.toBuilder().rawQuery(out.toString()).build();
  }

  private static String flipFirstValue(String rawQuery) {
    int equals = rawQuery.indexOf('=');
    int end = rawQuery.indexOf('&');
    String value = rawQuery.substring(equals + 1, end);
    return rawQuery.substring(0, equals + 1) + flipLastChar(value) + rawQuery.substring(end);
  }

  static String flipLastChar(String value) {
    char last = value.charAt(value.length() - 1);
    char flipped = last == '0' ? '1' : last == 'a' ? 'b' : last == '=' ? 'A' : '0';
    return value.substring(0, value.length() - 1) + flipped;
  }
}
