package dev.crossrole.cli.internal;

import dev.crossrole.client.ClientException;
import java.util.Optional;

/**
 * The exit codes of the build-side commands ({@code assume}, {@code exec}, {@code profiles}, {@code
 * ecr login}, {@code cache}), one per way they fail, so that a build script can tell a refusal from
 * a network failure. The README lists them.
 */
public final class ClientExit {
  /** Success. */
  public static final int OK = 0;

  /** The service refused: an AWS error such as AccessDenied or InvalidClientTokenId. */
  public static final int REFUSED = 1;

  /** A usage error: an unknown option, a missing or malformed argument (picocli's own code). */
  public static final int USAGE = 2;

  /** No source credentials were found. */
  public static final int NO_CREDENTIALS = 3;

  /** The endpoint could not be reached, or its certificate was not trusted. */
  public static final int UNREACHABLE = 4;

  /** The local configuration is wrong: an unknown profile, an unreadable or unwritable file. */
  public static final int CONFIGURATION = 5;

  private ClientExit() {}

  /** The exit code for {@code failure}. */
  public static int of(ClientException failure) {
    return switch (failure.kind()) {
      case REFUSED -> REFUSED;
      case NO_CREDENTIALS -> NO_CREDENTIALS;
      case UNREACHABLE, UNTRUSTED -> UNREACHABLE;
      case CONFIGURATION -> CONFIGURATION;
    };
  }

  /**
   * The one line a build log shows for {@code failure}: the AWS code, the message and what to
   * check.
   */
  public static String line(String command, ClientException failure) {
    String head = "crossrole " + command + ": " + failure.awsCode().map(c -> c + ": ").orElse("");
    return head + failure.getMessage() + hint(failure).map(h -> " (" + h + ")").orElse("");
  }

  private static Optional<String> hint(ClientException failure) {
    String code = failure.awsCode().orElse("");
    return Optional.ofNullable(
        switch (code) {
          case "AccessDenied" ->
              "check the ExternalId, the role's trust policy and the caller's sts:AssumeRole"
                  + " permission";
          case "InvalidClientTokenId", "UnrecognizedClientException" ->
              "these keys are not known at this endpoint: check the profile and --endpoint-url";
          case "SignatureDoesNotMatch", "InvalidSignatureException" ->
              "the secret key does not match the access key id, or the region is wrong";
          case "ExpiredToken", "ExpiredTokenException" ->
              "the source session has expired: refresh the source credentials";
          default ->
              switch (failure.kind()) {
                case NO_CREDENTIALS ->
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --source-profile";
                case UNREACHABLE -> "check --endpoint-url, AWS_ENDPOINT_URL and the network";
                case UNTRUSTED ->
                    "name the server's certificate authority with --ca-bundle FILE,"
                        + " AWS_CA_BUNDLE or the profile's ca_bundle";
                default -> null;
              };
        });
  }
}
