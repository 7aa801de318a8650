package dev.crossrole.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When an access key or a role was last used, with the service and region of that use. AWS keeps
 * this data approximately, and so does crossrole: it is written at most about once a minute.
 *
 * @param date when it was used
 * @param serviceName the service called ({@code iam}, {@code sts}); empty for a role, whose use IAM
 *     records without a service
 * @param region the region of the request's signing scope
 */
public record LastUsed(Instant date, Optional<String> serviceName, String region) {
  public LastUsed {
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(region, "region");
  }
}
