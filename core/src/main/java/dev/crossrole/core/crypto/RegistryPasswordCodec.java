package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * The passwords of ECR's GetAuthorizationToken, which a registry login presents: a {@link
 * RegistryPassword} sealed with AES-256-GCM, self-contained, so that any node holding the token
 * keys opens it without a store lookup.
 *
 * <p>The keys are derived with HKDF from the session-token keys, one per token key and under a
 * purpose of their own (as {@link AuthorizationMessageCodec} does): rotation follows the token keys
 * and a password can never be mistaken for a session token or an encoded message.
 *
 * <p>Format: the text {@value #PREFIX} followed by unpadded base64url of
 *
 * <pre>
 * version (1 byte: 1) ‖ key id length (1 byte) ‖ key id (ASCII)
 * ‖ nonce (12 random bytes) ‖ AES-GCM(claims) ‖ tag (16 bytes)
 * </pre>
 *
 * The header and the prefix are associated data. Thread-safe.
 */
public final class RegistryPasswordCodec {
  /** What every password begins with, so that one is recognised at a glance. */
  public static final String PREFIX = "crecr1.";

  /** The longest password accepted, in characters. */
  public static final int MAX_LENGTH = 16 * 1024;

  private static final byte VERSION = 1;
  private static final byte[] PURPOSE = "crossrole ecr password v1".getBytes(US_ASCII);
  private static final byte[] PREFIX_AAD = PREFIX.getBytes(US_ASCII);

  private final DerivedKeys keys;

  /** A codec that seals with a key derived from the ring's current key, opens with any of them. */
  public RegistryPasswordCodec(KeyRingSource keys) {
    this.keys = new DerivedKeys(keys, PURPOSE);
  }

  /** The password for {@code claims}. */
  public String encode(RegistryPassword claims) {
    byte[] plaintext = write(claims);
    DerivedKeys.Sealing sealing = keys.current();
    String keyId = sealing.id();
    byte[] id = keyId.getBytes(US_ASCII);
    int headerLength = 2 + id.length;
    byte[] out = new byte[headerLength + Gcm.NONCE_LENGTH + plaintext.length + Gcm.TAG_LENGTH];
    out[0] = VERSION;
    out[1] = (byte) id.length;
    System.arraycopy(id, 0, out, 2, id.length);
    System.arraycopy(Gcm.randomBytes(Gcm.NONCE_LENGTH), 0, out, headerLength, Gcm.NONCE_LENGTH);
    Gcm.seal(
        sealing.key(),
        out,
        headerLength,
        PREFIX_AAD,
        headerLength,
        plaintext,
        plaintext.length,
        headerLength + Gcm.NONCE_LENGTH);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * The claims sealed in {@code password}; empty for anything else whatsoever — another format,
   * truncated, altered, or sealed with a key this node does not hold. Expiry is not checked here.
   */
  public Optional<RegistryPassword> decode(String password) {
    if (password == null
        || password.length() > MAX_LENGTH
        || !password.startsWith(PREFIX)
        || password.length() == PREFIX.length()) {
      return Optional.empty();
    }
    byte[] in;
    try {
      in = Base64.getUrlDecoder().decode(password.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (in.length < 3 + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH || in[0] != VERSION) {
      return Optional.empty();
    }
    int idLength = in[1] & 0xff;
    int headerLength = 2 + idLength;
    if (idLength == 0 || in.length < headerLength + Gcm.NONCE_LENGTH + Gcm.TAG_LENGTH) {
      return Optional.empty();
    }
    Optional<SecretKey> key = keys.find(new String(in, 2, idLength, US_ASCII));
    if (key.isEmpty()) {
      return Optional.empty();
    }
    byte[] plaintext;
    try {
      plaintext =
          Gcm.open(
              key.get(),
              in,
              headerLength,
              PREFIX_AAD,
              headerLength,
              headerLength + Gcm.NONCE_LENGTH);
    } catch (AEADBadTagException e) {
      return Optional.empty();
    }
    return read(plaintext);
  }

  private static byte[] write(RegistryPassword c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      string(out, c.principalArn());
      optional(out, c.userId());
      optional(out, c.issuer());
      out.writeInt(c.principalTags().size());
      for (Map.Entry<String, String> e : c.principalTags().entrySet()) {
        string(out, e.getKey());
        string(out, e.getValue());
      }
      string(out, c.accountId());
      string(out, c.accessKeyId());
      optional(out, c.sessionPolicy());
      out.writeInt(c.sessionPolicyArns().size());
      for (String arn : c.sessionPolicyArns()) {
        string(out, arn);
      }
      out.writeBoolean(c.tokenIssuedAt().isPresent());
      if (c.tokenIssuedAt().isPresent()) {
        instant(out, c.tokenIssuedAt().get());
      }
      optional(out, c.sourceIdentity());
      out.writeInt(c.transitiveTagKeys().size());
      for (String k : c.transitiveTagKeys()) {
        string(out, k);
      }
      instant(out, c.issuedAt());
      instant(out, c.expiresAt());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Authenticated plaintext only, yet every length is checked all the same. */
  private static Optional<RegistryPassword> read(byte[] plaintext) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
      String arn = string(in);
      Optional<String> userId = optional(in);
      Optional<String> issuer = optional(in);
      int tagCount = count(in, plaintext.length);
      Map<String, String> tags = new LinkedHashMap<>();
      for (int i = 0; i < tagCount; i++) {
        tags.put(string(in), string(in));
      }
      String account = string(in);
      String accessKeyId = string(in);
      Optional<String> sessionPolicy = optional(in);
      int arnCount = count(in, plaintext.length);
      List<String> sessionPolicyArns = new ArrayList<>(arnCount);
      for (int i = 0; i < arnCount; i++) {
        sessionPolicyArns.add(string(in));
      }
      Optional<Instant> tokenIssuedAt =
          in.readBoolean() ? Optional.of(instant(in)) : Optional.empty();
      Optional<String> sourceIdentity = optional(in);
      int keyCount = count(in, plaintext.length);
      Set<String> transitive = new LinkedHashSet<>();
      for (int i = 0; i < keyCount; i++) {
        transitive.add(string(in));
      }
      Instant issuedAt = instant(in);
      Instant expiresAt = instant(in);
      if (in.available() != 0) {
        return Optional.empty();
      }
      return Optional.of(
          new RegistryPassword(
              arn,
              userId,
              issuer,
              tags,
              account,
              accessKeyId,
              sessionPolicy,
              sessionPolicyArns,
              tokenIssuedAt,
              sourceIdentity,
              transitive,
              issuedAt,
              expiresAt));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void optional(DataOutputStream out, Optional<String> s) throws IOException {
    out.writeBoolean(s.isPresent());
    if (s.isPresent()) {
      string(out, s.get());
    }
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("string beyond the claims");
    }
    return new String(in.readNBytes(n), UTF_8);
  }

  private static Optional<String> optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(string(in)) : Optional.empty();
  }

  private static int count(DataInputStream in, int limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > limit) {
      throw new IOException("count beyond the claims");
    }
    return n;
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  @Override
  public String toString() {
    return "RegistryPasswordCodec[" + keys + "]";
  }
}
