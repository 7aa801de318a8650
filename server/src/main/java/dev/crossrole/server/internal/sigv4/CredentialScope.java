package dev.crossrole.server.internal.sigv4;

import java.util.Objects;

/**
 * The credential scope of a SigV4 signature: {@code date/region/service/aws4_request}.
 *
 * @param date the signing day, {@code yyyyMMdd}
 * @param region the region the request was signed for, e.g. {@code us-east-1}
 * @param service the signing name of the service, e.g. {@code sts}
 */
public record CredentialScope(String date, String region, String service) {
  public CredentialScope {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(service, "service");
  }

  /** The scope as it appears in the credential and the string to sign. */
  public String value() {
    return date + '/' + region + '/' + service + '/' + SigV4.TERMINATOR;
  }

  @Override
  public String toString() {
    return value();
  }
}
