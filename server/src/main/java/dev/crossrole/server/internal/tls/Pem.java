package dev.crossrole.server.internal.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** PEM text of certificates and private keys, read and written. */
final class Pem {
  private Pem() {}

  /** The certificates of a PEM file, in order: a server's own first, then its issuers. */
  static List<X509Certificate> readCertificates(Path file) {
    String text = read(file, "certificate");
    try {
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(text.getBytes(US_ASCII)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new TlsException(file + " holds no PEM certificate");
      }
      return chain;
    } catch (CertificateException e) {
      throw new TlsException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  /**
   * The private key of a PEM file: PKCS#8 ({@code PRIVATE KEY}), or OpenSSL's RSA or EC form
   * ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}). An encrypted key is refused: the server
   * starts unattended, with nobody to type its passphrase.
   */
  static PrivateKey readPrivateKey(Path file) {
    String text = read(file, "private key");
    try (Reader reader = new StringReader(text);
        PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (item instanceof PEMKeyPair pair) {
          // The private half alone: an EC key in OpenSSL's form may leave its public key out.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
          throw new TlsException(
              file + " holds an encrypted private key; give the server an unencrypted one");
        }
      }
      throw new TlsException(file + " holds no PEM private key");
    } catch (IOException e) {
      // Only the kind of failure: the parser's message could quote the key's text.
      throw new TlsException(file + " is not a PEM private key", e);
    }
  }

  static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new TlsException("cannot encode a certificate", e);
    }
  }

  static String certificates(List<X509Certificate> chain) {
    StringBuilder pem = new StringBuilder();
    chain.forEach(c -> pem.append(certificate(c)));
    return pem.toString();
  }

  /** A JDK private key as PKCS#8 ({@code PRIVATE KEY}), which OpenSSL and Go both read. */
  static String privateKey(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, US_ASCII);
    } catch (NoSuchFileException e) {
      throw new TlsException("no TLS " + what + " file " + file, e);
    } catch (IOException e) {
      throw new TlsException("cannot read the TLS " + what + " file " + file, e);
    }
  }
}
