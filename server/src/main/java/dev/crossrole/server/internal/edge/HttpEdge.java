package dev.crossrole.server.internal.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.audit.ApiCall;
import dev.crossrole.server.internal.audit.AuditTrail;
import dev.crossrole.server.internal.json.JsonCall;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.metrics.ServerMetrics;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsError;
import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.request.Origin;
import dev.crossrole.server.internal.request.RequestBody;
import dev.crossrole.server.internal.request.UsageLog;
import dev.crossrole.server.internal.sigv4.RequestHeaders;
import dev.crossrole.server.internal.sigv4.SigV4Verifier;
import dev.crossrole.server.internal.sigv4.SignatureException;
import dev.crossrole.server.internal.sigv4.SignedRequest;
import dev.crossrole.server.internal.sigv4.VerifiedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP endpoint of every service: authenticates each request with SigV4, picks the service
 * from the credential scope, and answers in that service's protocol — including its errors, so that
 * a bad request never becomes a 500 or a stack trace.
 */
public final class HttpEdge extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

  /** Query protocol bodies are small; IAM's largest policy URL-encodes well under this. */
  static final int MAX_BODY = 256 * 1024;

  private final SigV4Verifier<Caller> verifier;
  private final Map<String, QueryService> services;
  private final Map<String, JsonService> jsonServices;
  private final BooleanSupplier healthy;
  private final Clock clock;
  private final UsageLog usage;
  private final AuditTrail audit;
  private final RequestLog requests;
  private final Optional<ServerMetrics> metricsPage;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/x-amz-json-1.1";
  private static final String UNKNOWN_OPERATION = "UnknownOperationException";
  private static final Pattern OPERATION_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,127}");

  /**
   * An endpoint of Query protocol services and JSON protocol services, each by the service name of
   * the credential scope; a request with an {@code X-Amz-Target} header speaks JSON. Every request
   * that authenticates is answered once {@code audit} has committed its event. Each answered
   * request goes to {@code requests}; {@code GET /metrics} answers with {@code metricsPage}, when
   * given.
   */
  public HttpEdge(
      SigV4Verifier<Caller> verifier,
      Map<String, QueryService> services,
      Map<String, JsonService> jsonServices,
      BooleanSupplier healthy,
      Clock clock,
      UsageLog usage,
      AuditTrail audit,
      RequestLog requests,
      Optional<ServerMetrics> metricsPage) {
    this.usage = usage;
    this.audit = audit;
    this.requests = requests;
    this.metricsPage = metricsPage;
    this.verifier = verifier;
    this.services = Map.copyOf(services);
    this.jsonServices = Map.copyOf(jsonServices);
    this.healthy = healthy;
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long started = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    Instant receivedAt = clock.instant();
    String path = request.getHttpURI().getPath();
    if ("GET".equals(request.getMethod()) && "/health".equals(path)) {
      boolean ok = healthy.getAsBoolean();
      send(
          response,
          callback,
          ok ? 200 : 503,
          "application/json",
          ok ? "{\"status\":\"ok\"}" : "{\"status\":\"unavailable\"}",
          requestId);
      return true;
    }
    if (metricsPage.isPresent() && "GET".equals(request.getMethod()) && "/metrics".equals(path)) {
      // Unauthenticated, as Prometheus scrapes; the meters hold no secret.
      send(
          response,
          callback,
          200,
          ServerMetrics.CONTENT_TYPE,
          metricsPage.get().scrape(),
          requestId);
      return true;
    }
    Protocol<?> protocol =
        Optional.ofNullable(request.getHeaders().get("X-Amz-Target"))
            .<Protocol<?>>map(target -> new Json(target, request))
            .orElseGet(Query::new);
    // The body arrives as the client sends it; no worker waits for a silent client meanwhile.
    RequestBody.readThen(
        request,
        MAX_BODY,
        callback,
        (body, failure) ->
            answer(
                request,
                response,
                callback,
                protocol,
                body,
                failure,
                new Received(requestId, receivedAt, started)));
    return true;
  }

  /**
   * The life of every request whose body has been read, or failed to be: the body taken whole, the
   * signature verified for one of the protocol's services, which yields the caller, the key's use
   * noted; only then does the protocol read the call, and the service answer it. Any refusal on the
   * way is answered as the protocol answers errors. A call that authenticated is answered, or
   * refused, once its audit event is committed; without a commit it is answered as an internal
   * failure. The answered request is then measured and logged.
   */
  private <C> void answer(
      Request request,
      Response response,
      Callback callback,
      Protocol<C> protocol,
      byte[] body,
      Throwable failure,
      Received received) {
    String requestId = received.requestId();
    Instant receivedAt = received.at();
    Origin origin = Origin.of(request);
    String sourceIp = origin.sourceIp();
    Optional<String> service = Optional.empty();
    Optional<Caller> caller = Optional.empty();
    Optional<String> operation = Optional.empty();
    Optional<AwsError> error = Optional.empty();
    Optional<ApiCall> audited = Optional.empty();
    Runnable reply;
    try {
      unread(failure);
      VerifiedRequest<Caller> verified = protocol.verify(signedRequest(request, body, receivedAt));
      service = Optional.of(verified.scope().service());
      caller = Optional.of(verified.principal());
      if (verified.principal().tokenIssuedAt().isEmpty()) {
        usage.keyUsed(
            verified.principal().accessKeyId(),
            receivedAt,
            verified.scope().service(),
            verified.scope().region());
      }
      C call =
          protocol.read(verified, body, requestId, receivedAt, sourceIp, origin.secureTransport());
      operation = Optional.of(protocol.operation(call));
      if (audit.on()) {
        // Without a trail, nothing of the event is built: audit off costs a request nothing.
        audited =
            Optional.of(
                ApiCall.builder(verified.principal(), verified.scope().service(), operation.get())
                    .parameters(protocol.parameters(call))
                    .requestId(requestId)
                    .receivedAt(receivedAt)
                    .sourceIp(sourceIp)
                    .userAgent(Optional.ofNullable(request.getHeaders().get(HttpHeader.USER_AGENT)))
                    .region(verified.scope().region())
                    .build());
      }
      Reply answer = protocol.perform(verified, call);
      audited = audited.map(c -> c.answered(answer.audited()));
      reply = () -> send(response, callback, 200, protocol.contentType(), answer.text(), requestId);
    } catch (RuntimeException e) {
      Optional<AwsError> refusal = protocol.errorOf(e);
      if (refusal.isEmpty()) {
        // A defect of ours: AWS's own words for it, and the detail in the log, not in the answer.
        LOG.warn("request {} failed", requestId, e);
      }
      AwsError refused = refusal.orElseGet(protocol::internalFailure);
      error = Optional.of(refused);
      audited = audited.map(c -> c.refused(refused));
      Optional<String> known = service;
      reply = () -> protocol.sendError(response, callback, known, refused, requestId);
    }
    Optional<String> known = service;
    RequestLog.Answered answered =
        new RequestLog.Answered(
            requestId,
            service.orElse(ServerMetrics.UNKNOWN),
            operationOf(operation, error),
            caller,
            error.map(AwsError::status).orElse(200),
            error.map(AwsError::code),
            0,
            sourceIp);
    Runnable answer = reply;
    afterAudit(
        audited,
        () -> {
          answer.run();
          requests.answered(answered.took(System.nanoTime() - received.startedNanos()));
        },
        () -> {
          AwsError internal = protocol.internalFailure();
          protocol.sendError(response, callback, known, internal, requestId);
          requests.answered(answered.failed(internal, System.nanoTime() - received.startedNanos()));
        });
  }

  /** When a request arrived: its id, the time it is judged at, and the clock its duration reads. */
  private record Received(String requestId, Instant at, long startedNanos) {}

  /**
   * The operation a request is measured and logged under: the one it named, unless the service
   * answered that it knows no such operation or the name is not one an AWS operation could have (it
   * goes into a log line and a label as it is); then {@link ServerMetrics#UNKNOWN}. The meters
   * bound the operations of a service besides, so that no caller makes a series of every name it
   * sends.
   */
  private static String operationOf(Optional<String> operation, Optional<AwsError> error) {
    boolean unknown =
        error
            .map(AwsError::code)
            .filter(code -> code.equals("InvalidAction") || code.equals(UNKNOWN_OPERATION))
            .isPresent();
    return operation
        .filter(name -> !unknown && OPERATION_NAME.matcher(name).matches())
        .orElse(ServerMetrics.UNKNOWN);
  }

  /**
   * Runs {@code reply} once the call's event is committed (at once for a call without one), or
   * {@code failed} when it cannot be; the request's thread does not wait for the commit.
   */
  private void afterAudit(Optional<ApiCall> call, Runnable reply, Runnable failed) {
    if (call.isEmpty()) {
      reply.run();
    } else {
      audit.answerAfter(call.get(), reply, failed);
    }
  }

  /** A service's answer: the text sent, and the document its audit event keeps. */
  private record Reply(String text, ApiCall.Answer audited) {}

  /** How one protocol verifies, performs and answers a request; the rest is the edge's. */
  private sealed interface Protocol<C> permits Query, Json {
    /**
     * Verifies the request's signature for one of the protocol's services.
     *
     * @throws SignatureException when it fails authentication
     */
    VerifiedRequest<Caller> verify(SignedRequest signed);

    /** Reads the call from the body. */
    C read(
        VerifiedRequest<Caller> verified,
        byte[] body,
        String requestId,
        Instant receivedAt,
        String sourceIp,
        boolean secureTransport);

    /** The call's action or operation. */
    String operation(C call);

    /** The call's parameters, for its audit event. */
    ApiCall.Parameters parameters(C call);

    /** Has the scope's service perform the call and writes its answer. */
    Reply perform(VerifiedRequest<Caller> verified, C call);

    String contentType();

    /** The AWS error a refusal is answered with; empty for a defect of ours. */
    Optional<AwsError> errorOf(RuntimeException failure);

    AwsError internalFailure();

    /** Sends {@code error}, for the request's service once it is known. */
    void sendError(
        Response response,
        Callback callback,
        Optional<String> service,
        AwsError error,
        String requestId);
  }

  /** The AWS Query protocol (IAM, STS): a request without {@code X-Amz-Target}. */
  private final class Query implements Protocol<ServiceCall> {
    @Override
    public VerifiedRequest<Caller> verify(SignedRequest signed) {
      return verifier.verify(signed, services.keySet());
    }

    @Override
    public ServiceCall read(
        VerifiedRequest<Caller> verified,
        byte[] body,
        String requestId,
        Instant receivedAt,
        String sourceIp,
        boolean secureTransport) {
      QueryParameters parameters =
          QueryParameters.of(new String(body, StandardCharsets.UTF_8), verified.query());
      return new ServiceCall(
          verified.principal(),
          parameters.required("Action"),
          parameters,
          requestId,
          receivedAt,
          sourceIp,
          verified.scope().region(),
          secureTransport);
    }

    @Override
    public String operation(ServiceCall call) {
      return call.action();
    }

    @Override
    public ApiCall.Parameters parameters(ServiceCall call) {
      return new ApiCall.Parameters.Query(call.parameters().asMap());
    }

    @Override
    public Reply perform(VerifiedRequest<Caller> verified, ServiceCall call) {
      QueryAnswer answer = services.get(verified.scope().service()).handle(call);
      return new Reply(answer.xml(), new ApiCall.Answer.Xml(answer));
    }

    @Override
    public String contentType() {
      return "text/xml";
    }

    @Override
    public Optional<AwsError> errorOf(RuntimeException failure) {
      return AwsError.inQuery(failure);
    }

    @Override
    public AwsError internalFailure() {
      return AwsError.queryInternalFailure();
    }

    /** An XML error in the service's namespace; STS's before the service is known. */
    @Override
    public void sendError(
        Response response,
        Callback callback,
        Optional<String> service,
        AwsError error,
        String requestId) {
      String namespace =
          service.map(s -> services.get(s).namespace()).orElse(XmlResponse.STS_NAMESPACE);
      String xml =
          XmlResponse.error(namespace, error.sender(), error.code(), error.message(), requestId);
      send(response, callback, error.status(), "text/xml", xml, requestId);
    }
  }

  /**
   * The AWS JSON 1.1 protocol (ECR): the operation from {@code X-Amz-Target}, the input from the
   * body, and every error — authentication's included — as botocore reads JSON errors.
   */
  private final class Json implements Protocol<JsonCall> {
    private final String target;
    private final boolean oneTarget;

    Json(String target, Request request) {
      this.target = target;
      this.oneTarget = request.getHeaders().getValuesList("X-Amz-Target").size() == 1;
    }

    /** The target names its service: a scope naming another is refused as AWS refuses it. */
    @Override
    public VerifiedRequest<Caller> verify(SignedRequest signed) {
      if (!oneTarget) {
        // Signed as one value joined with commas, which several headers could also be read as.
        throw AwsException.json(UNKNOWN_OPERATION, "");
      }
      VerifiedRequest<Caller> verified =
          jsonServiceOf(target)
              .map(named -> verifier.verify(signed, Set.of(named)))
              .orElseGet(() -> verifier.verify(signed));
      JsonService service = jsonServices.get(verified.scope().service());
      int dot = target.lastIndexOf('.');
      if (service == null || dot < 0 || !target.substring(0, dot).equals(service.targetPrefix())) {
        throw AwsException.json(UNKNOWN_OPERATION, "");
      }
      return verified;
    }

    @Override
    public JsonCall read(
        VerifiedRequest<Caller> verified,
        byte[] body,
        String requestId,
        Instant receivedAt,
        String sourceIp,
        boolean secureTransport) {
      return new JsonCall(
          verified.principal(),
          target.substring(target.lastIndexOf('.') + 1),
          jsonInput(body),
          requestId,
          receivedAt,
          sourceIp,
          verified.scope().region(),
          secureTransport);
    }

    @Override
    public String operation(JsonCall call) {
      return call.operation();
    }

    @Override
    public ApiCall.Parameters parameters(JsonCall call) {
      return new ApiCall.Parameters.Json(call.input());
    }

    @Override
    public Reply perform(VerifiedRequest<Caller> verified, JsonCall call) {
      ObjectNode document = jsonServices.get(verified.scope().service()).handle(call);
      try {
        return new Reply(JSON.writeValueAsString(document), new ApiCall.Answer.Json(document));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException("writing the response document failed", e);
      }
    }

    @Override
    public String contentType() {
      return JSON_TYPE;
    }

    @Override
    public Optional<AwsError> errorOf(RuntimeException failure) {
      return AwsError.inJson(failure);
    }

    @Override
    public AwsError internalFailure() {
      return AwsError.jsonServerException();
    }

    /** {@code {"__type": code, "message": …}}, the code also in {@code x-amzn-ErrorType}. */
    @Override
    public void sendError(
        Response response,
        Callback callback,
        Optional<String> service,
        AwsError error,
        String requestId) {
      ObjectNode document = JSON.createObjectNode();
      document.put("__type", error.code());
      document.put("message", error.message());
      String text;
      try {
        text = JSON.writeValueAsString(document);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("an error document of two strings cannot fail", e);
      }
      response.getHeaders().put("x-amzn-ErrorType", error.code());
      send(response, callback, error.status(), JSON_TYPE, text, requestId);
    }
  }

  /** The name of the JSON service whose target prefix {@code target} starts with. */
  private Optional<String> jsonServiceOf(String target) {
    int dot = target.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String prefix = target.substring(0, dot);
    return jsonServices.entrySet().stream()
        .filter(e -> e.getValue().targetPrefix().equals(prefix))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** The input document: a JSON object (an empty body reads as one without members). */
  private static ObjectNode jsonInput(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw AwsException.json("SerializationException", "The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw AwsException.json(
          "SerializationException", "Start of structure or map expected at the top level.");
    }
    return (ObjectNode) node;
  }

  /**
   * Throws the AWS error for a body the client did not send whole: too large is
   * RequestEntityTooLarge (413), a body cut short IncompleteBody (400), a silent or too slow client
   * RequestTimeout (408).
   */
  private static void unread(Throwable failure) {
    if (failure == null) {
      return;
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (!(cause instanceof RequestBody.Failure unread)) {
      throw new IllegalStateException("reading the request body failed", cause);
    }
    throw switch (unread.problem()) {
      case TOO_LARGE -> AwsException.query("RequestEntityTooLarge", 413, unread.getMessage());
      case INCOMPLETE -> AwsException.query("IncompleteBody", 400, unread.getMessage());
      case TIMED_OUT -> AwsException.query("RequestTimeout", 408, unread.getMessage());
    };
  }

  private static SignedRequest signedRequest(Request request, byte[] body, Instant receivedAt) {
    RequestHeaders.Builder headers = RequestHeaders.builder();
    for (HttpField field : request.getHeaders()) {
      headers.add(field.getName(), field.getValue());
    }
    String query = request.getHttpURI().getQuery();
    return SignedRequest.builder()
        .method(request.getMethod())
        .rawPath(request.getHttpURI().getPath())
        .rawQuery(query == null ? "" : query)
        .headers(headers.build())
        .body(body)
        .receivedAt(receivedAt)
        .build();
  }

  private static void send(
      Response response,
      Callback callback,
      int status,
      String type,
      String text,
      String requestId) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=UTF-8");
    response.getHeaders().put("x-amzn-RequestId", requestId);
    Content.Sink.write(response, true, text, callback);
  }
}
