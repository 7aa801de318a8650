package dev.crossrole.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionClaimsTest {

  static Stream<Arguments> subjects() {
    return Stream.of(
        Arguments.of(
            "assumed role",
            Fixtures.buildRole(),
            "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/build-1234",
            "AROAEXAMPLEROLEID2345:build-1234",
            "111111111111"),
        Arguments.of(
            "assumed role with a path, other partition",
            new SessionClaims.RoleSession(
                "arn:aws-cn:iam::222222222222:role/ci/builds/Pusher", "AROAX", "s@x"),
            "arn:aws-cn:sts::222222222222:assumed-role/Pusher/s@x",
            "AROAX:s@x",
            "222222222222"),
        Arguments.of(
            "user's GetSessionToken",
            new SessionClaims.UserSession(
                "arn:aws:iam::222222222222:user/builder", "AIDAEXAMPLEUSERID2345"),
            "arn:aws:iam::222222222222:user/builder",
            "AIDAEXAMPLEUSERID2345",
            "222222222222"),
        Arguments.of(
            "root's GetSessionToken",
            new SessionClaims.UserSession("arn:aws:iam::222222222222:root", "222222222222"),
            "arn:aws:iam::222222222222:root",
            "222222222222",
            "222222222222"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subjects")
  void subject_eachKind_givesCallerIdentityAsAws(
      String name, SessionClaims.Subject subject, String arn, String userId, String account) {
    assertThat(subject.callerArn()).isEqualTo(arn);
    assertThat(subject.callerUserId()).isEqualTo(userId);
    assertThat(subject.account()).isEqualTo(account);
  }

  @Test
  void roleName_pathInArn_isTheLastPart() {
    assertThat(
            new SessionClaims.RoleSession("arn:aws:iam::111111111111:role/a/b/R", "AROAX", "s")
                .roleName())
        .isEqualTo("R");
  }

  static Stream<Arguments> invalidClaims() {
    SessionClaims ok = Fixtures.minimal();
    return Stream.of(
        Arguments.of(
            "long-term key id",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        "AKIAEXAMPLE234567ABC",
                        ok.secretAccessKey(),
                        ok.accountId(),
                        ok.issuedAt(),
                        ok.expiresAt())),
        Arguments.of(
            "short secret",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        "short",
                        ok.accountId(),
                        ok.issuedAt(),
                        ok.expiresAt())),
        Arguments.of(
            "secret with a dash",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        Fixtures.SECRET.replace('/', '-'),
                        ok.accountId(),
                        ok.issuedAt(),
                        ok.expiresAt())),
        Arguments.of(
            "11-digit account",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        ok.secretAccessKey(),
                        "11111111111",
                        ok.issuedAt(),
                        ok.expiresAt())),
        Arguments.of(
            "account not the role's",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        ok.secretAccessKey(),
                        "222222222222",
                        ok.issuedAt(),
                        ok.expiresAt())),
        Arguments.of(
            "expires when issued",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        ok.secretAccessKey(),
                        ok.accountId(),
                        ok.issuedAt(),
                        ok.issuedAt())),
        Arguments.of(
            "expires before issued",
            (Supplier<?>)
                () ->
                    with(
                        ok,
                        ok.accessKeyId(),
                        ok.secretAccessKey(),
                        ok.accountId(),
                        ok.expiresAt(),
                        ok.issuedAt())),
        Arguments.of(
            "not a role ARN",
            (Supplier<?>)
                () ->
                    new SessionClaims.RoleSession(
                        "arn:aws:iam::111111111111:user/x", "AROAX", "s")),
        Arguments.of(
            "role ARN without name",
            (Supplier<?>)
                () ->
                    new SessionClaims.RoleSession("arn:aws:iam::111111111111:role/", "AROAX", "s")),
        Arguments.of(
            "empty session name",
            (Supplier<?>) () -> new SessionClaims.RoleSession(Fixtures.ROLE_ARN, "AROAX", "")),
        Arguments.of(
            "not a user ARN",
            (Supplier<?>) () -> new SessionClaims.UserSession(Fixtures.ROLE_ARN, "AIDAX")),
        Arguments.of(
            "lone surrogate in a tag",
            (Supplier<?>) () -> builder(ok).tags(Map.of("k", "a\uD800b")).build()),
        Arguments.of(
            "empty tag key", (Supplier<?>) () -> builder(ok).tags(Map.of("", "v")).build()),
        Arguments.of(
            "empty source identity", (Supplier<?>) () -> builder(ok).sourceIdentity("").build()),
        Arguments.of(
            "empty session policy", (Supplier<?>) () -> builder(ok).sessionPolicy("").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidClaims")
  void constructor_inconsistentClaims_isRefusedWithoutQuotingTheSecret(
      String name, Supplier<?> construction) {
    assertThatThrownBy(construction::get)
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(Fixtures.SECRET);
  }

  @Test
  void constructor_nullOptional_isRefused() {
    SessionClaims ok = Fixtures.minimal();
    assertThatThrownBy(
            () ->
                new SessionClaims(
                    ok.accessKeyId(),
                    ok.secretAccessKey(),
                    ok.accountId(),
                    ok.subject(),
                    ok.issuedAt(),
                    ok.expiresAt(),
                    null,
                    Optional.empty(),
                    List.of(),
                    Map.of(),
                    Set.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void collections_passedInThenMutated_areCopiedInOrderAndUnmodifiable() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("z", "1");
    tags.put("a", "2");
    SessionClaims c = builder(Fixtures.minimal()).tags(tags).build();
    tags.put("m", "3");

    assertThat(c.tags().keySet()).containsExactly("z", "a");
    assertThatThrownBy(() -> c.tags().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.policyArns().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.transitiveTagKeys().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  static Stream<Arguments> expiryMoments() {
    return Stream.of(
        Arguments.of("at issue", Fixtures.ISSUED, false),
        Arguments.of("a nanosecond before expiry", Fixtures.EXPIRES.minusNanos(1), false),
        Arguments.of("at expiry", Fixtures.EXPIRES, true),
        Arguments.of("a day later", Fixtures.EXPIRES.plusSeconds(86_400), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expiryMoments")
  void isExpired_moment_expiredFromTheExpiryInstantOn(String name, Instant now, boolean expired) {
    assertThat(Fixtures.minimal().isExpired(now)).isEqualTo(expired);
  }

  @Test
  void toString_claims_redactsTheSecretButShowsTheRest() {
    SessionClaims c = Fixtures.full(300);

    assertThat(c.toString())
        .doesNotContain(c.secretAccessKey())
        .contains("<redacted>")
        .contains(c.accessKeyId())
        .contains("OURTHINGBUILDROLE")
        .contains("300 chars");
  }

  private static SessionClaims with(
      SessionClaims c,
      String keyId,
      String secret,
      String account,
      Instant issued,
      Instant expires) {
    return new SessionClaims(
        keyId,
        secret,
        account,
        c.subject(),
        issued,
        expires,
        c.sourceIdentity(),
        c.sessionPolicy(),
        c.policyArns(),
        c.tags(),
        c.transitiveTagKeys());
  }

  private static SessionClaims.Builder builder(SessionClaims c) {
    return SessionClaims.builder(
        c.accessKeyId(),
        c.secretAccessKey(),
        c.accountId(),
        c.subject(),
        c.issuedAt(),
        c.expiresAt());
  }
}
