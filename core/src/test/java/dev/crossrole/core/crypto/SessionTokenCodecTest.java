package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTokenCodecTest {
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final KeyRing RING = Fixtures.ring("k1");
  private static final SessionTokenCodec CODEC = new SessionTokenCodec(RING);

  static Stream<Arguments> claimShapes() {
    SessionClaims min = Fixtures.minimal();
    Map<String, String> unicodeTags = new LinkedHashMap<>();
    unicodeTags.put("équipe", "plateforme");
    unicodeTags.put("チーム", "ビルド");
    unicodeTags.put("emoji", "🚀🔑 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
    unicodeTags.put("cost-center", "");
    Map<String, String> fiftyTags = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      fiftyTags.put("key" + i, "value-" + i);
    }
    List<String> tenArns = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tenArns.add("arn:aws:iam::111111111111:policy/session/limit-" + i);
    }
    return Stream.of(
        Arguments.of("minimal assumed role", min),
        Arguments.of(
            "user's GetSessionToken",
            SessionClaims.builder(
                    Identifiers.temporaryAccessKeyId(),
                    Identifiers.secretAccessKey(),
                    "222222222222",
                    new SessionClaims.UserSession(
                        "arn:aws:iam::222222222222:user/ci/builder", Identifiers.userId()),
                    Fixtures.ISSUED,
                    Fixtures.ISSUED.plusSeconds(36 * 3600))
                .build()),
        Arguments.of(
            "root's GetSessionToken",
            SessionClaims.builder(
                    Identifiers.temporaryAccessKeyId(),
                    Identifiers.secretAccessKey(),
                    "222222222222",
                    new SessionClaims.UserSession("arn:aws:iam::222222222222:root", "222222222222"),
                    Fixtures.ISSUED,
                    Fixtures.EXPIRES)
                .build()),
        Arguments.of(
            "source identity only", builder(min).sourceIdentity("alice@example.com").build()),
        Arguments.of(
            "small session policy", builder(min).sessionPolicy(Fixtures.policy(120)).build()),
        Arguments.of("every field, 300-char policy", Fixtures.full(300)),
        Arguments.of("every field, maximum 2048-char policy", Fixtures.full(2048)),
        Arguments.of(
            "unicode tags and session name",
            SessionClaims.builder(
                    min.accessKeyId(),
                    min.secretAccessKey(),
                    min.accountId(),
                    new SessionClaims.RoleSession(Fixtures.ROLE_ARN, "AROAX", "sessión-ü"),
                    min.issuedAt(),
                    min.expiresAt())
                .tags(unicodeTags)
                .transitiveTagKeys(new LinkedHashSet<>(List.of("チーム", "emoji")))
                .build()),
        Arguments.of(
            "fifty tags",
            builder(min).tags(fiftyTags).transitiveTagKeys(fiftyTags.keySet()).build()),
        Arguments.of("ten managed policy ARNs", builder(min).policyArns(tenArns).build()),
        Arguments.of(
            "secret of every base64 character class",
            SessionClaims.builder(
                    min.accessKeyId(),
                    "+/+/AZaz09+/+/AZaz09+/+/AZaz09+/+/AZaz09",
                    min.accountId(),
                    min.subject(),
                    Instant.EPOCH,
                    Instant.parse("9999-12-31T23:59:59.999999999Z"))
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimShapes")
  void encodeThenDecode_claimShape_roundTripsExactly(String name, SessionClaims claims) {
    String token = CODEC.encode(claims);

    assertThat(CODEC.decode(token)).isEqualTo(claims);
    assertThat(token)
        .startsWith(SessionTokenCodec.PREFIX)
        .matches("[A-Za-z0-9_-]+")
        .hasSizeLessThanOrEqualTo(SessionTokenCodec.MAX_TOKEN_LENGTH)
        .doesNotContain(claims.secretAccessKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("claimShapes")
  void decode_onAnotherNodeWithTheStoredKeys_givesSameClaims(String name, SessionClaims claims) {
    // Node A seals its key into the store; node B, started with the same master key, opens it.
    MasterKey master = MasterKey.generate();
    TokenKey key = TokenKey.generate(Instant.now());
    String stored = key.seal(master.secretBox(SecretBox.SESSION_TOKEN_KEYS));
    SessionTokenCodec nodeA = new SessionTokenCodec(KeyRing.of(key));
    SessionTokenCodec nodeB =
        new SessionTokenCodec(
            KeyRing.of(
                TokenKey.open(
                    key.id(),
                    key.created(),
                    stored,
                    master.secretBox(SecretBox.SESSION_TOKEN_KEYS))));

    assertThat(nodeB.decode(nodeA.encode(claims))).isEqualTo(claims);
  }

  @Test
  void encode_sameClaimsTwice_givesDifferentTokens() {
    assertThat(CODEC.encode(Fixtures.minimal())).isNotEqualTo(CODEC.encode(Fixtures.minimal()));
  }

  @Test
  void encode_tokenBytes_neverHoldTheSecretOrNamesInTheClear() {
    SessionClaims claims = Fixtures.full(300);
    String decoded = new String(Base64.getUrlDecoder().decode(CODEC.encode(claims)), US_ASCII);

    assertThat(decoded)
        .doesNotContain("OURTHINGBUILDROLE")
        .doesNotContain("builder")
        .doesNotContain(claims.accessKeyId());
    String tokenBytes = new String(Base64.getUrlDecoder().decode(CODEC.encode(claims)), ISO_8859_1);
    String secretBytes =
        new String(Base64.getDecoder().decode(claims.secretAccessKey()), ISO_8859_1);
    assertThat(tokenBytes).doesNotContain(secretBytes);
  }

  @Test
  void decode_afterRotationWithOldKeyKept_stillOpensOldTokens() {
    TokenKey k1 = RING.current();
    String oldToken = CODEC.encode(Fixtures.minimal());
    TokenKey k2 = TokenKey.generate(Fixtures.ISSUED.plusSeconds(86_400));
    SessionTokenCodec rotated = new SessionTokenCodec(RING.rotateTo(k2));

    String newToken = rotated.encode(Fixtures.minimal());

    assertThat(rotated.decode(oldToken)).isEqualTo(Fixtures.minimal());
    assertThat(rotated.decode(newToken)).isEqualTo(Fixtures.minimal());
    assertThat(new SessionTokenCodec(KeyRing.of(k2)).decode(newToken))
        .as("new tokens use the new key")
        .isEqualTo(Fixtures.minimal());
    assertThat(flaw(() -> CODEC.decode(newToken)))
        .as("a node that has not loaded k2 yet")
        .isEqualTo(InvalidTokenException.Flaw.UNKNOWN_KEY);
    assertThat(
            flaw(() -> new SessionTokenCodec(RING.rotateTo(k2).without(k1.id())).decode(oldToken)))
        .as("once k1 is dropped")
        .isEqualTo(InvalidTokenException.Flaw.UNKNOWN_KEY);
  }

  @Test
  void decode_sameKeyIdOtherMaterial_isForged() {
    String token = CODEC.encode(Fixtures.minimal());
    SessionTokenCodec impostor = new SessionTokenCodec(Fixtures.ring("k1"));

    assertThat(flaw(() -> impostor.decode(token))).isEqualTo(InvalidTokenException.Flaw.FORGED);
    assertThat(flaw(() -> CODEC.decode(impostor.encode(Fixtures.minimal()))))
        .isEqualTo(InvalidTokenException.Flaw.FORGED);
  }

  @Test
  void decode_keyIdRelabelledToAnotherKnownId_isForged() {
    // Both ids hold the same material: only the key id's place in the associated data tells.
    TokenKey k1 = RING.current();
    TokenKey twin = new TokenKey("k2", k1.material(), k1.created());
    SessionTokenCodec codec = new SessionTokenCodec(KeyRing.of(k1, List.of(twin)));
    byte[] token = Base64.getUrlDecoder().decode(codec.encode(Fixtures.minimal()));
    token[5] = '2';
    String relabelled = Base64.getUrlEncoder().withoutPadding().encodeToString(token);

    assertThat(flaw(() -> codec.decode(relabelled))).isEqualTo(InvalidTokenException.Flaw.FORGED);
  }

  @Test
  void decode_everyCharacterReplacedByEveryOther_isInvalid() {
    String token = CODEC.encode(Fixtures.full(300));
    int checked = 0;
    for (int i = 0; i < token.length(); i++) {
      for (char c : BASE64URL.toCharArray()) {
        if (c == token.charAt(i)) {
          continue;
        }
        String altered = token.substring(0, i) + c + token.substring(i + 1);
        assertThat(catchThrowable(() -> CODEC.decode(altered)))
            .as("character %d replaced by %s", i, c)
            .isInstanceOf(InvalidTokenException.class);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(token.length() * 63);
  }

  @Test
  void decode_everyBitOfEveryByteFlipped_isInvalid() {
    byte[] token = Base64.getUrlDecoder().decode(CODEC.encode(Fixtures.full(2048)));
    for (int i = 0; i < token.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] altered = token.clone();
        altered[i] ^= (byte) (1 << bit);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
        assertThat(catchThrowable(() -> CODEC.decode(text)))
            .as("byte %d bit %d", i, bit)
            .isInstanceOf(InvalidTokenException.class);
      }
    }
  }

  @Test
  void decode_everyTruncationAndExtension_isInvalid() {
    String token = CODEC.encode(Fixtures.minimal());
    for (int n = 0; n < token.length(); n++) {
      String truncated = token.substring(0, n);
      assertThat(catchThrowable(() -> CODEC.decode(truncated)))
          .as("first %d characters", n)
          .isInstanceOf(InvalidTokenException.class);
    }
    for (String suffix : List.of("A", "AA", "AAA", "AAAA", "=", "==", " ", "\n")) {
      assertThat(catchThrowable(() -> CODEC.decode(token + suffix)))
          .as("with %s appended", suffix)
          .isInstanceOf(InvalidTokenException.class);
    }
  }

  static Stream<Arguments> malformedTokens() {
    String token = CODEC.encode(Fixtures.minimal());
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    return Stream.of(
        Arguments.of("null", null),
        Arguments.of("empty", ""),
        Arguments.of("blank", "   "),
        Arguments.of("only the prefix", SessionTokenCodec.PREFIX),
        Arguments.of("an AWS token", "FwoGZXIvYXdzEBYaDHqa0AP1/3ZNAHKNwSKsAT7nDZQ2TVlZbBoMnLQmkk"),
        Arguments.of("standard base64 spelling", Base64.getEncoder().encodeToString(bytes)),
        Arguments.of("padded", Base64.getUrlEncoder().encodeToString(bytes) + "="),
        Arguments.of("surrounded by spaces", " " + token + " "),
        Arguments.of(
            "too long", SessionTokenCodec.PREFIX + "A".repeat(SessionTokenCodec.MAX_TOKEN_LENGTH)),
        Arguments.of("line-wrapped", token.substring(0, 40) + "\n" + token.substring(40)),
        Arguments.of("two tokens", token + token),
        Arguments.of("non-ASCII", SessionTokenCodec.PREFIX + "é" + token.substring(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedTokens")
  void decode_malformedInput_isInvalidToken(String name, String input) {
    assertThat(catchThrowable(() -> CODEC.decode(input))).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void decode_randomStringsAndBytes_onlyEverInvalidToken() {
    Random random = new Random(0xC0FFEEL);
    for (int i = 0; i < 5000; i++) {
      String input = randomInput(random);
      assertThat(catchThrowable(() -> CODEC.decode(input)))
          .as("input #%d %s", i, input)
          .isInstanceOf(InvalidTokenException.class);
    }
  }

  @Test
  void decode_randomCiphertextUnderAKnownKeyId_isForged() {
    Random random = new Random(42L);
    for (int i = 0; i < 2000; i++) {
      byte[] body = new byte[random.nextInt(600)];
      random.nextBytes(body);
      String token = withHeader("k1", body);
      Throwable t = catchThrowable(() -> CODEC.decode(token));
      assertThat(t).as("body of %d bytes", body.length).isInstanceOf(InvalidTokenException.class);
    }
  }

  @Test
  void decode_authenticButGarbledClaims_onlyEverInvalidToken() {
    Random random = new Random(7L);
    byte[] valid = ClaimsFormat.write(Fixtures.full(300));
    byte[] validRaw = ClaimsFormat.write(Fixtures.minimal());
    int decoded = 0;
    for (int i = 0; i < 4000; i++) {
      byte[] plaintext;
      switch (i % 4) {
        case 0 -> {
          plaintext = new byte[random.nextInt(300)];
          random.nextBytes(plaintext);
        }
        case 1 -> plaintext = mutate(validRaw, random);
        case 2 -> plaintext = mutate(valid, random);
        default -> plaintext = Arrays.copyOf(validRaw, random.nextInt(validRaw.length));
      }
      String token = sealRaw(plaintext);
      Throwable t = catchThrowable(() -> CODEC.decode(token));
      if (t == null) {
        decoded++;
      } else {
        assertThat(t).as("plaintext #%d", i).isInstanceOf(InvalidTokenException.class);
        assertThat(((InvalidTokenException) t).flaw())
            .isEqualTo(InvalidTokenException.Flaw.MALFORMED);
      }
    }
    assertThat(decoded).as("some mutations still parse (e.g. a changed name)").isPositive();
  }

  @Test
  void decode_validTokenAfterFailuresOnTheSameThread_stillDecodes() {
    String token = CODEC.encode(Fixtures.minimal());
    String forged =
        token.substring(0, 40) + (token.charAt(40) == 'A' ? 'B' : 'A') + token.substring(41);
    SecretBox box = MasterKey.generate().secretBox("test");

    assertThat(catchThrowable(() -> CODEC.decode(forged)))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(catchThrowable(() -> box.open(box.sealText("x", "a"), "b")))
        .isInstanceOf(CryptoException.class);

    assertThat(CODEC.decode(token)).isEqualTo(Fixtures.minimal());
  }

  @Test
  void encodeThenDecode_fromManyThreadsAtOnce_allRoundTrip() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        SessionClaims claims = t % 2 == 0 ? Fixtures.minimal() : Fixtures.full(500);
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 500; i++) {
                    if (CODEC.decode(CODEC.encode(claims)).equals(claims)) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      for (Future<Integer> r : results) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(500);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void encode_claimsBeyondTheMaximum_isTooLarge() {
    Random random = new Random(1L);
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      StringBuilder v = new StringBuilder();
      for (int j = 0; j < 256; j++) {
        v.append((char) ('!' + random.nextInt(90)));
      }
      tags.put("tag-" + i, v.toString());
    }
    SessionClaims huge = builder(Fixtures.full(2048)).tags(tags).build();

    CryptoException e = catchThrowableOfType(CryptoException.class, () -> CODEC.encode(huge));

    assertThat(e.kind()).isEqualTo(CryptoException.Kind.TOKEN_TOO_LARGE);
  }

  @Test
  void encode_typicalSessions_stayAsCompactAsAwsTokens() {
    assertThat(CODEC.encode(Fixtures.minimal()).length()).isLessThan(300);
    assertThat(CODEC.encode(Fixtures.full(300)).length()).isLessThan(700);
    assertThat(CODEC.encode(Fixtures.full(2048)).length()).isLessThan(1500);
  }

  @Test
  void exceptions_ofDecode_neverQuoteTheToken() {
    String token = CODEC.encode(Fixtures.minimal());
    String altered =
        token.substring(0, 30) + (token.charAt(30) == 'A' ? 'B' : 'A') + token.substring(31);
    for (String input : List.of(altered, token.substring(0, 50), token + "!")) {
      Throwable t = catchThrowable(() -> CODEC.decode(input));
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).doesNotContain(input.substring(4, 24));
      }
    }
  }

  private static InvalidTokenException.Flaw flaw(Runnable decode) {
    return catchThrowableOfType(InvalidTokenException.class, decode::run).flaw();
  }

  private static SessionClaims.Builder builder(SessionClaims c) {
    return SessionClaims.builder(
            c.accessKeyId(),
            c.secretAccessKey(),
            c.accountId(),
            c.subject(),
            c.issuedAt(),
            c.expiresAt())
        .policyArns(c.policyArns())
        .tags(c.tags())
        .transitiveTagKeys(c.transitiveTagKeys());
  }

  /** A token of the codec's layout around {@code body}, which is not a real ciphertext. */
  private static String withHeader(String keyId, byte[] body) {
    byte[] id = keyId.getBytes(US_ASCII);
    byte[] out = new byte[4 + id.length + body.length];
    out[0] = 0x09;
    out[1] = 0x1B;
    out[2] = 0x75;
    out[3] = (byte) id.length;
    System.arraycopy(id, 0, out, 4, id.length);
    System.arraycopy(body, 0, out, 4 + id.length, body.length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /** A genuine token of {@link #RING}'s key around an arbitrary plaintext. */
  private static String sealRaw(byte[] plaintext) {
    byte[] id = "k1".getBytes(US_ASCII);
    int header = 4 + id.length;
    byte[] out = new byte[header + Gcm.NONCE_LENGTH + plaintext.length + Gcm.TAG_LENGTH];
    out[0] = 0x09;
    out[1] = 0x1B;
    out[2] = 0x75;
    out[3] = (byte) id.length;
    System.arraycopy(id, 0, out, 4, id.length);
    System.arraycopy(Gcm.randomBytes(Gcm.NONCE_LENGTH), 0, out, header, Gcm.NONCE_LENGTH);
    Gcm.seal(
        RING.cipherKey("k1"),
        out,
        header,
        new byte[0],
        header,
        plaintext,
        plaintext.length,
        header + Gcm.NONCE_LENGTH);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  private static byte[] mutate(byte[] valid, Random random) {
    byte[] b = valid.clone();
    int changes = 1 + random.nextInt(3);
    for (int i = 0; i < changes; i++) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }

  private static String randomInput(Random random) {
    int kind = random.nextInt(4);
    int length = random.nextInt(kind == 3 ? 900 : 200);
    if (kind == 0 || kind == 3) {
      byte[] b = new byte[length];
      random.nextBytes(b);
      String s = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      // Half of these wear the right prefix, so they get past the first check.
      return random.nextBoolean() ? SessionTokenCodec.PREFIX + s : s;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(kind == 1 ? BASE64URL.charAt(random.nextInt(64)) : (char) random.nextInt(0x10000));
    }
    return s.toString();
  }
}
