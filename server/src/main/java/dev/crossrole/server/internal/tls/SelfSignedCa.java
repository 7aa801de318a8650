package dev.crossrole.server.internal.tls;

import dev.crossrole.core.PrivateFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority of the server's own, kept in its data directory, and the certificate it
 * signs for the names the server is reached by ({@code --tls self-signed}). Both are reused at the
 * next start: clients keep trusting the authority's certificate, {@code DIR/ca.pem}, which the
 * profiles name as their {@code ca_bundle}. The server's certificate is issued again when it nears
 * its end or the names change; the authority is made again only when it nears its own end, or its
 * files are gone or unreadable (clients must then trust the new one).
 *
 * <p>Layout: {@code DIR/ca.pem} (public), {@code DIR/tls/ca-key.pem}, {@code DIR/tls/server.pem}
 * (the server's certificate, then the authority's), {@code DIR/tls/server-key.pem}; the keys are
 * readable by their owner only.
 */
public final class SelfSignedCa {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration SERVER_VALIDITY = Duration.ofDays(365);

  /** The server's certificate is issued again once fewer days than this remain. */
  static final Duration SERVER_RENEWAL = Duration.ofDays(30);

  /**
   * The authority is made again once it would not outlive a certificate issued now: the server's
   * certificate never ends after its issuer does.
   */
  static final Duration CA_RENEWAL = SERVER_VALIDITY.plus(SERVER_RENEWAL);

  private static final String SIGNATURE = "SHA256withECDSA";

  private final Path caCertificate;
  private final Path caKey;
  private final Path serverChain;
  private final Path serverKey;

  private SelfSignedCa(Path dataDirectory) {
    Path dir = dataDirectory.toAbsolutePath().resolve("tls");
    this.caCertificate = dataDirectory.toAbsolutePath().resolve("ca.pem");
    this.caKey = dir.resolve("ca-key.pem");
    this.serverChain = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server-key.pem");
  }

  /** An authority with its key. */
  private record Authority(X509Certificate certificate, PrivateKey key) {}

  /**
   * The server's TLS material under {@code dataDirectory} for {@code names} (DNS names and IP
   * addresses), reusing what is there and still fits, making what is missing or no longer fits;
   * {@code log} hears what was made.
   *
   * @throws TlsException when the files cannot be written
   */
  public static ServerTls ensure(
      Path dataDirectory, Set<String> names, Instant now, Consumer<String> log) {
    SelfSignedCa files = new SelfSignedCa(dataDirectory);
    Set<String> wanted = canonical(names);
    try {
      PrivateFiles.createDirectory(files.serverChain.getParent());
      Optional<Authority> kept = files.reusableAuthority(now);
      Authority authority = kept.orElseGet(() -> files.newAuthority(now));
      if (kept.isEmpty()) {
        log.accept(
            "made a TLS certificate authority; clients trust it through " + files.caCertificate);
      }
      Optional<ServerTls> current = kept.flatMap(ca -> files.reusableServer(ca, wanted, now));
      if (current.isPresent()) {
        return current.get();
      }
      ServerTls issued = files.issue(authority, wanted, now);
      log.accept(
          "issued a TLS certificate for "
              + String.join(", ", new TreeSet<>(names))
              + " in "
              + files.serverChain);
      return issued;
    } catch (IOException e) {
      throw new TlsException(
          "cannot write the TLS files under " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  private Optional<Authority> reusableAuthority(Instant now) {
    if (!Files.exists(caCertificate) || !Files.exists(caKey)) {
      return Optional.empty();
    }
    try {
      X509Certificate certificate = Pem.readCertificates(caCertificate).get(0);
      PrivateKey key = Pem.readPrivateKey(caKey);
      boolean fresh = certificate.getNotAfter().toInstant().isAfter(now.plus(CA_RENEWAL));
      return fresh && ServerTls.matches(key, certificate)
          ? Optional.of(new Authority(certificate, key))
          : Optional.empty();
    } catch (TlsException e) {
      return Optional.empty();
    }
  }

  private Optional<ServerTls> reusableServer(Authority authority, Set<String> wanted, Instant now) {
    if (!Files.exists(serverChain) || !Files.exists(serverKey)) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> chain = Pem.readCertificates(serverChain);
      X509Certificate server = chain.get(0);
      PrivateKey key = Pem.readPrivateKey(serverKey);
      server.verify(authority.certificate().getPublicKey());
      boolean fits =
          server.getNotAfter().toInstant().isAfter(now.plus(SERVER_RENEWAL))
              && names(server).equals(wanted)
              && ServerTls.matches(key, server);
      return fits
          ? Optional.of(
              new ServerTls(chain, key, serverChain, serverKey, Optional.of(caCertificate)))
          : Optional.empty();
    } catch (TlsException | GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private Authority newAuthority(Instant now) {
    try {
      KeyPair pair = keyPair();
      X500Name name = new X500Name("CN=crossrole certificate authority " + serial().toString(16));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(CA_VALIDITY)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate certificate = sign(builder, pair.getPrivate());
      // The key first: a ca.pem on disk always has its key beside it.
      PrivateFiles.write(caKey, Pem.privateKey(pair.getPrivate()));
      PrivateFiles.write(caCertificate, Pem.certificate(certificate));
      return new Authority(certificate, pair.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsException("cannot make the TLS certificate authority: " + e.getMessage(), e);
    }
  }

  private ServerTls issue(Authority authority, Set<String> names, Instant now) throws IOException {
    try {
      KeyPair pair = keyPair();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      GeneralName[] alternatives =
          names.stream().map(SelfSignedCa::generalName).toArray(GeneralName[]::new);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  authority.certificate(),
                  serial(),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(SERVER_VALIDITY)),
                  new X500Name("CN=crossrole server"),
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(authority.certificate()));
      X509Certificate certificate = sign(builder, authority.key());
      List<X509Certificate> chain = List.of(certificate, authority.certificate());
      PrivateFiles.write(serverKey, Pem.privateKey(pair.getPrivate()));
      PrivateFiles.write(serverChain, Pem.certificates(chain));
      return new ServerTls(
          chain, pair.getPrivate(), serverChain, serverKey, Optional.of(caCertificate));
    } catch (GeneralSecurityException e) {
      throw new TlsException("cannot issue the server's TLS certificate: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return generator.generateKeyPair();
  }

  /** A positive serial of 127 random bits, as RFC 5280 allows (at most 20 octets). */
  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  /** The names a certificate is for: its DNS names and IP addresses, canonical. */
  static Set<String> names(X509Certificate certificate) {
    Set<String> names = new TreeSet<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> alternative : alternatives) {
          int type = (Integer) alternative.get(0);
          if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
            names.add(canonical((String) alternative.get(1)));
          }
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static Set<String> canonical(Set<String> names) {
    Set<String> canonical = new TreeSet<>();
    names.forEach(n -> canonical.add(canonical(n)));
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException("a certificate is for at least one name");
    }
    return canonical;
  }

  /** A DNS name in lower case; an IP address as the JDK writes it, without brackets. */
  private static String canonical(String name) {
    String bare =
        name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
    if (!isIpLiteral(bare)) {
      return bare.toLowerCase(Locale.ROOT);
    }
    try {
      // A literal address is parsed, never looked up.
      return InetAddress.getByName(bare).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + bare, e);
    }
  }

  private static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static GeneralName generalName(String canonical) {
    return isIpLiteral(canonical)
        ? new GeneralName(GeneralName.iPAddress, canonical)
        : new GeneralName(GeneralName.dNSName, canonical);
  }
}
