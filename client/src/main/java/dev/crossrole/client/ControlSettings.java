package dev.crossrole.client;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * How the operator's control commands reach IAM and as whom: the {@link AwsConnection} (the profile
 * acted as — one with {@code role_arn} assumes its role —, the endpoint, else {@code
 * AWS_ENDPOINT_URL_IAM}, {@code AWS_ENDPOINT_URL} or the profile's; IAM is signed for us-east-1
 * unless {@code --region} says otherwise), the account the caller must be in — checked with STS
 * GetCallerIdentity before any change, so that a profile of the wrong account changes nothing — and
 * the clock that decides when cached credentials are stale.
 */
public record ControlSettings(AwsConnection connection, Optional<String> account, Clock clock) {
  public ControlSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(clock, "clock");
    account.ifPresent(
        id -> {
          if (!id.matches("[0-9]{12}")) {
            throw ClientException.of(
                ClientException.Kind.CONFIGURATION,
                "invalid account '" + id + "': an account id of 12 digits");
          }
        });
  }

  /** IAM as {@code connection} reaches it, whatever account the credentials are of. */
  public static ControlSettings of(AwsConnection connection) {
    return new ControlSettings(connection, Optional.empty(), Clock.systemUTC());
  }

  public ControlSettings withAccount(String id) {
    return new ControlSettings(connection, Optional.of(id), clock);
  }
}
