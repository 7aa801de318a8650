package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads a CA bundle as the AWS CLI takes one: a PEM file of one or more {@code CERTIFICATE} blocks,
 * any text around them (the comments of common bundles) ignored. A bundle that cannot be used is a
 * CONFIGURATION failure naming the file and where it was named, never quoting its content.
 */
public final class CaBundle {
  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----");

  private CaBundle() {}

  /**
   * The bundle's certificates, in their order.
   *
   * @throws ClientException of kind CONFIGURATION when the file is missing, unreadable, holds no
   *     certificate or one that is not a certificate
   */
  public static List<X509Certificate> certificates(Trust.Bundle bundle) {
    Matcher blocks = CERTIFICATE.matcher(text(bundle));
    List<X509Certificate> certificates = new ArrayList<>();
    while (blocks.find()) {
      certificates.add(certificate(bundle, blocks.group(1), certificates.size() + 1));
    }
    if (certificates.isEmpty()) {
      throw invalid(bundle, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /** Trust managers that trust the bundle's authorities and no other. */
  public static TrustManager[] trustManagers(Trust.Bundle bundle) {
    List<X509Certificate> certificates = certificates(bundle);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("authority-" + i, certificates.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("an empty key store and PKIX are part of every JDK", e);
    }
  }

  private static String text(Trust.Bundle bundle) {
    if (Files.isDirectory(bundle.file())) {
      throw invalid(bundle, "is a directory, not a PEM file");
    }
    try {
      // Latin-1 reads any bytes: a binary file is reported as holding no certificate.
      return Files.readString(bundle.file(), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw invalid(bundle, "does not exist");
    } catch (IOException e) {
      throw invalid(bundle, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static X509Certificate certificate(Trust.Bundle bundle, String base64, int number) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(base64);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException e) {
      throw invalid(bundle, "holds a certificate (number " + number + ") that is not X.509");
    }
  }

  private static ClientException invalid(Trust.Bundle bundle, String what) {
    return ClientException.of(Kind.CONFIGURATION, bundle.describe() + " " + what);
  }
}
