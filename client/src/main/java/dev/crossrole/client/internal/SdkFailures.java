package dev.crossrole.client.internal;

import dev.crossrole.client.ClientException;
import dev.crossrole.client.ClientException.Kind;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The SDK's failures as the client's one failure type, sorted by what the user can do about it. */
public final class SdkFailures {
  private SdkFailures() {}

  /**
   * {@code failure} as a {@link ClientException} of the right kind; {@code doing} names the step.
   */
  public static ClientException of(SdkException failure, String doing) {
    if (failure instanceof AwsServiceException refused && refused.awsErrorDetails() != null) {
      String code = refused.awsErrorDetails().errorCode();
      String message = refused.awsErrorDetails().errorMessage();
      return ClientException.refused(
          code == null ? "Unknown" : code,
          doing + ": " + (message == null ? "HTTP " + refused.statusCode() : message),
          failure);
    }
    if (untrusted(failure)) {
      return ClientException.of(
          Kind.UNTRUSTED,
          doing + ": the endpoint's certificate was not trusted: " + rootReason(failure),
          failure);
    }
    if (unreachable(failure)) {
      return ClientException.of(
          Kind.UNREACHABLE,
          doing + ": the endpoint did not answer: " + rootMessage(failure),
          failure);
    }
    if (failure instanceof SdkClientException && noCredentials(failure)) {
      return ClientException.of(
          Kind.NO_CREDENTIALS,
          doing + ": no source credentials (environment, --source-profile or the default profile)",
          failure);
    }
    return ClientException.of(
        Kind.CONFIGURATION, doing + ": " + firstLine(failure.getMessage()), failure);
  }

  /**
   * Whether the TLS handshake failed on the server's certificate: no path to a trusted authority
   * (the JDK's validator reports it as a {@link CertificateException} whose cause is a {@link
   * CertPathBuilderException}), or a certificate that does not name the host.
   */
  private static boolean untrusted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof SSLException
          || t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static boolean noCredentials(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("Unable to load credentials");
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = root(failure);
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  /** The root cause's message alone: the validator's class names say nothing to a user. */
  private static String rootReason(Throwable failure) {
    Throwable root = root(failure);
    return root.getMessage() == null
        ? root.getClass().getSimpleName()
        : firstLine(root.getMessage());
  }

  private static Throwable root(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
