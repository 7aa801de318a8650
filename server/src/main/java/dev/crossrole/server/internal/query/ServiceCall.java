package dev.crossrole.server.internal.query;

import dev.crossrole.server.internal.authz.Requester;
import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * One authenticated Query protocol call: who, which action, its parameters, when, from where, the
 * region of its signing scope, and whether it came over TLS.
 */
public record ServiceCall(
    Caller caller,
    String action,
    QueryParameters parameters,
    String requestId,
    Instant receivedAt,
    String sourceIp,
    String region,
    boolean secureTransport) {
  public ServiceCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(region, "region");
  }

  /** Who asks, when and from where: what authorization needs of the call. */
  public Requester requester() {
    return new Requester(caller, receivedAt, sourceIp, secureTransport);
  }
}
