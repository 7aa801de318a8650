package dev.crossrole.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates an operator would bring: a test authority and a server certificate it signs for
 * {@code 127.0.0.1}, with the key written in the PEM forms OpenSSL writes.
 */
final class TestCertificates {
  /** How the server's key is written. */
  enum KeyForm {
    /** {@code PRIVATE KEY}. */
    PKCS8,
    /** {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY}, as {@code openssl pkey -traditional}. */
    TRADITIONAL,
    /** {@code ENCRYPTED PRIVATE KEY}. */
    ENCRYPTED
  }

  /** The files made: the authority's certificate, the server's chain, the server's key. */
  record Made(Path authority, Path chain, Path key) {}

  private TestCertificates() {}

  /** An authority and a server certificate for 127.0.0.1 of {@code algorithm} (RSA or EC). */
  static Made write(Path dir, String algorithm, KeyForm form) throws Exception {
    KeyPair ca = keyPair(algorithm);
    X500Name caName = new X500Name("CN=test operator authority");
    X509Certificate caCertificate =
        sign(
            new JcaX509v3CertificateBuilder(
                    caName, serial(), from(), until(), caName, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)),
            ca.getPrivate(),
            algorithm);
    KeyPair server = keyPair(algorithm);
    X509Certificate serverCertificate =
        sign(
            new JcaX509v3CertificateBuilder(
                    caCertificate,
                    serial(),
                    from(),
                    until(),
                    new X500Name("CN=127.0.0.1"),
                    server.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1"))),
            ca.getPrivate(),
            algorithm);
    Path authority = dir.resolve("authority.pem");
    Path chain = dir.resolve("chain.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(authority, pem(caCertificate));
    Files.writeString(chain, pem(serverCertificate) + pem(caCertificate));
    Files.writeString(key, key(server.getPrivate(), form));
    return new Made(authority, chain, key);
  }

  static KeyPair keyPair(String algorithm) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    if (algorithm.equals("EC")) {
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    } else {
      generator.initialize(2048, new SecureRandom());
    }
    return generator.generateKeyPair();
  }

  static String key(PrivateKey key, KeyForm form)
      throws IOException, OperatorCreationException, InterruptedException {
    return switch (form) {
      case PKCS8 -> pem(new JcaPKCS8Generator(key, null));
      case TRADITIONAL -> openssl(pem(new JcaPKCS8Generator(key, null)));
      case ENCRYPTED ->
          pem(
              new JcaPKCS8Generator(
                  key,
                  new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                      .setProvider(new BouncyCastleProvider())
                      .setPassword("passphrase".toCharArray())
                      .build()));
    };
  }

  /**
   * The key in OpenSSL's traditional form, as {@code openssl pkey -traditional} writes it (with the
   * EC curve and public key inside), the key passed on standard input.
   */
  /** Trust managers trusting the certificates of a PEM file, as a Java user of crossrole makes. */
  static TrustManager[] trustManagers(Path pem) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("crossrole-" + i++, c);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static String openssl(String pkcs8) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("openssl", "pkey", "-traditional").start();
    try (var in = p.getOutputStream()) {
      in.write(pkcs8.getBytes(StandardCharsets.US_ASCII));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(
          "openssl pkey failed: "
              + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String pem(Object item) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(item);
    }
    return out.toString();
  }

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, PrivateKey issuer, String algorithm)
      throws GeneralSecurityException, OperatorCreationException {
    String signature = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(issuer)));
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
  }

  private static Date from() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date until() {
    return Date.from(Instant.now().plus(Duration.ofDays(30)));
  }
}
