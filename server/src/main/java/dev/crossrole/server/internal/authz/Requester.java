package dev.crossrole.server.internal.authz;

import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * What authorization needs of a request, whatever its protocol: who asks, when the request arrived
 * ({@code aws:CurrentTime}) and from where ({@code aws:SourceIp}).
 */
public record Requester(Caller caller, Instant receivedAt, String sourceIp) {
  public Requester {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(sourceIp, "sourceIp");
  }
}
