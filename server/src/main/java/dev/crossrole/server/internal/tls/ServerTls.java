package dev.crossrole.server.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the server serves TLS with: its certificate chain and private key, the files they are in
 * (the registry child reads the same ones) and, when the server made its own certificate authority,
 * that authority's certificate: the bundle clients are told to trust.
 *
 * @param chain the server's certificate first, then its issuers
 * @param privateKey the key of the chain's first certificate
 * @param chainFile the PEM file of the chain
 * @param privateKeyFile the PEM file of the key
 * @param caBundle the PEM file of the certificate authority clients trust, when the server made it
 */
public record ServerTls(
    List<X509Certificate> chain,
    PrivateKey privateKey,
    Path chainFile,
    Path privateKeyFile,
    Optional<Path> caBundle) {

  /** The versions served: TLS 1.2 and 1.3, nothing older. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  public ServerTls {
    chain = List.copyOf(chain);
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(chainFile, "chainFile");
    Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    Objects.requireNonNull(caBundle, "caBundle");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain has a certificate");
    }
  }

  /**
   * Reads a PEM certificate chain and the PEM private key of its first certificate (RSA or EC).
   *
   * @throws TlsException when a file cannot be read, or the key is not the certificate's
   */
  public static ServerTls fromFiles(Path chainFile, Path privateKeyFile) {
    List<X509Certificate> chain = Pem.readCertificates(chainFile);
    PrivateKey key = Pem.readPrivateKey(privateKeyFile);
    if (!matches(key, chain.get(0))) {
      throw new TlsException(
          "the private key in "
              + privateKeyFile
              + " is not the key of the first certificate in "
              + chainFile);
    }
    return new ServerTls(
        chain, key, chainFile.toAbsolutePath(), privateKeyFile.toAbsolutePath(), Optional.empty());
  }

  /** Whether {@code key} signs what the certificate's public key verifies. */
  static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default ->
              throw new TlsException("a TLS private key is RSA or EC, not " + key.getAlgorithm());
        };
    if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The chain in PEM: what a client of the server's own, such as its registry, may trust. */
  public String chainPem() {
    return Pem.certificates(chain);
  }

  /**
   * The key and chain as a key store, for the listener; {@code password} guards the entry in memory
   * only.
   */
  public KeyStore keyStore(char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", privateKey, password, chain.toArray(X509Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsException("cannot hold the TLS key in a key store", e);
    }
  }

  /**
   * A client context that trusts this chain's certificates and no others: how the server reaches
   * its own registry child, which serves the same certificate, whoever issued it.
   */
  public SSLContext trustingItself() {
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      for (int i = 0; i < chain.size(); i++) {
        trusted.setCertificateEntry("certificate-" + i, chain.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), new SecureRandom());
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsException("cannot make a client context trusting the server's certificate", e);
    }
  }

  @Override
  public String toString() {
    return "ServerTls[" + chain.get(0).getSubjectX500Principal() + ", " + chainFile + "]";
  }
}
