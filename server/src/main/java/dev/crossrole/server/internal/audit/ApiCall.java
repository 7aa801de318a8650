package dev.crossrole.server.internal.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.request.AwsError;
import dev.crossrole.server.internal.request.Caller;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One authenticated request as its audit event tells it: who, which operation of which service, its
 * parameters and its answer as the protocol carried them (secrets and all: the trail removes them),
 * or the error it was refused with; when, from where, with which client.
 *
 * @param caller who signed the request
 * @param service the SigV4 service name, such as {@code sts}
 * @param operation the action or operation, such as {@code AssumeRole}
 * @param parameters the request's parameters
 * @param answer the response document, empty for a refusal
 * @param error the refusal, empty for an answer
 * @param requestId the request's id, as answered
 * @param receivedAt when it arrived
 * @param sourceIp the client's address
 * @param userAgent the client's {@code User-Agent}
 * @param region the region of the signing scope
 */
public record ApiCall(
    Caller caller,
    String service,
    String operation,
    Parameters parameters,
    Optional<Answer> answer,
    Optional<AwsError> error,
    String requestId,
    Instant receivedAt,
    String sourceIp,
    Optional<String> userAgent,
    String region) {

  /** A request's parameters as its protocol carried them. */
  public sealed interface Parameters {
    /** The Query protocol's flat parameters ({@code Tags.member.1.Key} and so on). */
    record Query(Map<String, String> values) implements Parameters {
      public Query {
        values = Map.copyOf(values);
      }
    }

    /** A JSON protocol input document, or any parameters already shaped as CloudTrail's. */
    record Json(ObjectNode document) implements Parameters {
      public Json {
        Objects.requireNonNull(document, "document");
      }
    }
  }

  /** A response document as its protocol carried it. */
  public sealed interface Answer {
    /** The Query protocol's answer, whose result elements the event keeps. */
    record Xml(QueryAnswer answer) implements Answer {
      public Xml {
        Objects.requireNonNull(answer, "answer");
      }
    }

    /** A JSON document. */
    record Json(ObjectNode document) implements Answer {
      public Json {
        Objects.requireNonNull(document, "document");
      }
    }
  }

  public ApiCall {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(sourceIp, "sourceIp");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(region, "region");
  }

  public static Builder builder(Caller caller, String service, String operation) {
    return new Builder(caller, service, operation);
  }

  /** This call answered with {@code answer}. */
  public ApiCall answered(Answer answer) {
    return new ApiCall(
        caller,
        service,
        operation,
        parameters,
        Optional.of(answer),
        Optional.empty(),
        requestId,
        receivedAt,
        sourceIp,
        userAgent,
        region);
  }

  /**
   * This call refused with {@code error}; an answer already given stays (a registry token granting
   * part of what was asked is both).
   */
  public ApiCall refused(AwsError error) {
    return new ApiCall(
        caller,
        service,
        operation,
        parameters,
        answer,
        Optional.of(error),
        requestId,
        receivedAt,
        sourceIp,
        userAgent,
        region);
  }

  /** Builds an {@link ApiCall}, before it is answered or refused. */
  public static final class Builder {
    private final Caller caller;
    private final String service;
    private final String operation;
    private Parameters parameters = new Parameters.Query(Map.of());
    private String requestId = "";
    private Instant receivedAt = Instant.EPOCH;
    private String sourceIp = "";
    private Optional<String> userAgent = Optional.empty();
    private String region = "";

    private Builder(Caller caller, String service, String operation) {
      this.caller = caller;
      this.service = service;
      this.operation = operation;
    }

    public Builder parameters(Parameters parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt;
      return this;
    }

    public Builder sourceIp(String sourceIp) {
      this.sourceIp = sourceIp;
      return this;
    }

    public Builder userAgent(Optional<String> userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The call, neither answered nor refused yet. */
    public ApiCall build() {
      return new ApiCall(
          caller,
          service,
          operation,
          parameters,
          Optional.empty(),
          Optional.empty(),
          requestId,
          receivedAt,
          sourceIp,
          userAgent,
          region);
    }
  }
}
