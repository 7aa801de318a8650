package dev.crossrole.server.internal.registry;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.SealedSigningKey;
import dev.crossrole.core.crypto.SecretBox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key crossrole signs registry bearer tokens with: an EC P-256 key pair and a self-signed
 * certificate for its public half, which the registry trusts ({@code auth.token.rootcertbundle}).
 * Created once and kept in the store with the private key sealed under the master key, so every
 * node signs tokens every registry accepts. Its {@link #keyId} is libtrust's fingerprint of the
 * public key, the {@code kid} by which distribution finds the trusted key for a token.
 */
public final class SigningKey {
  /** Purpose of the secret box that seals the registry signing key. */
  public static final String SECRET_BOX_PURPOSE = "registry-signing-keys";

  /** Long enough that no operator meets its end; the registry checks only the chain, not usage. */
  private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650 * 3);

  private final String keyId;
  private final ECPrivateKey privateKey;
  private final X509Certificate certificate;
  private final String certificatePem;

  private SigningKey(
      String keyId, ECPrivateKey privateKey, X509Certificate certificate, String certificatePem) {
    this.keyId = keyId;
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.certificatePem = certificatePem;
  }

  /** The store's key, creating and storing one first when it has none. */
  public static SigningKey load(IdentityStore store, SecretBox box, Instant now) {
    Objects.requireNonNull(box, "box");
    SealedSigningKey stored = store.registrySigningKey(generate(box, now));
    return open(stored, box);
  }

  static SealedSigningKey generate(SecretBox box, Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      String keyId = libtrustKeyId((ECPublicKey) pair.getPublic());
      X500Name name = new X500Name("CN=crossrole registry token signer");
      Instant notBefore = now.minus(Duration.ofDays(1));
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                  Date.from(notBefore),
                  Date.from(now.plus(CERTIFICATE_VALIDITY)),
                  name,
                  pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      String pem = pem(holder.getEncoded());
      String sealed = box.seal(pair.getPrivate().getEncoded(), keyId);
      return new SealedSigningKey(keyId, sealed, pem, now);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create the registry signing key", e);
    }
  }

  static SigningKey open(SealedSigningKey stored, SecretBox box) {
    try {
      byte[] pkcs8 = box.open(stored.sealedPrivateKey(), stored.id());
      ECPrivateKey key =
          (ECPrivateKey)
              KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(stored.certificatePem().getBytes(US_ASCII)));
      String keyId = libtrustKeyId((ECPublicKey) certificate.getPublicKey());
      if (!keyId.equals(stored.id())) {
        throw new IllegalStateException(
            "the stored registry certificate does not match its key id " + stored.id());
      }
      return new SigningKey(keyId, key, certificate, stored.certificatePem());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot open the registry signing key", e);
    }
  }

  /**
   * libtrust's key id: the first 240 bits of the SHA-256 of the DER public key
   * (SubjectPublicKeyInfo), in unpadded base32, in groups of four characters joined by colons.
   */
  static String libtrustKeyId(ECPublicKey key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      String base32 = Base32.encode(Arrays.copyOf(hash, 30));
      StringBuilder id = new StringBuilder(base32.length() + base32.length() / 4);
      for (int i = 0; i < base32.length(); i += 4) {
        if (i > 0) {
          id.append(':');
        }
        id.append(base32, i, Math.min(i + 4, base32.length()));
      }
      return id.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  /** libtrust's fingerprint of the public key: the JWT header's {@code kid}. */
  public String keyId() {
    return keyId;
  }

  ECPrivateKey privateKey() {
    return privateKey;
  }

  /** The self-signed certificate of the public key. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate in PEM, as the registry's {@code rootcertbundle} file holds it. */
  public String certificatePem() {
    return certificatePem;
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId + "]";
  }

  /** RFC 4648 base32 (standard alphabet) without padding. */
  static final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {}

    static String encode(byte[] data) {
      StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
          bits -= 5;
        }
      }
      if (bits > 0) {
        out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
      }
      return out.toString();
    }
  }
}
