package dev.crossrole.server.internal.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.authz.Requester;
import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * One authenticated JSON protocol call: who, which operation, its input document, when, from where,
 * the region of its signing scope, and whether it came over TLS.
 */
public record JsonCall(
    Caller caller,
    String operation,
    ObjectNode input,
    String requestId,
    Instant receivedAt,
    String sourceIp,
    String region,
    boolean secureTransport) {
  public JsonCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(input, "input");
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
