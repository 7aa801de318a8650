package dev.crossrole.server.internal.sigv4;

import java.time.Instant;
import java.util.Objects;

/**
 * A request as the server received it, for signature verification.
 *
 * @param method the HTTP method, as received (e.g. {@code POST})
 * @param rawPath the path as received, still percent-encoded (not decoded by the server); a string
 *     whose UTF-8 encoding is the bytes received
 * @param rawQuery the query string as received, without the {@code ?}; empty when there is none
 * @param headers the headers, case-insensitive, values in the order received
 * @param payload the body, or its SHA-256
 * @param receivedAt when the server received the request, for the clock-skew and expiry checks
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    RequestHeaders headers,
    Payload payload,
    Instant receivedAt) {

  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(rawQuery, "rawQuery");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /**
   * Shows the query's parameter names only: a presigned query carries the session token and the
   * signature.
   */
  @Override
  public String toString() {
    StringBuilder names = new StringBuilder();
    for (SigV4.QueryParameter parameter : SigV4.parseQuery(rawQuery)) {
      names.append(names.length() == 0 ? "" : "&").append(parameter.name());
    }
    return "SignedRequest[method="
        + method
        + ", rawPath="
        + rawPath
        + ", query="
        + names
        + ", headers="
        + headers
        + ", payload="
        + payload
        + ", receivedAt="
        + receivedAt
        + "]";
  }

  /** A builder; method, path and the time received are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this request's values, for variants of it. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.method = method;
    builder.rawPath = rawPath;
    builder.rawQuery = rawQuery;
    builder.headers = headers;
    builder.payload = payload;
    builder.receivedAt = receivedAt;
    return builder;
  }

  /** Builds a {@link SignedRequest}. */
  public static final class Builder {
    private String method;
    private String rawPath;
    private String rawQuery = "";
    private RequestHeaders headers;
    private RequestHeaders.Builder headerBuilder;
    private Payload payload = Payload.empty();
    private Instant receivedAt;

    private Builder() {}

    /** The HTTP method. */
    public Builder method(String method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /** The raw (percent-encoded) path. */
    public Builder rawPath(String rawPath) {
      this.rawPath = Objects.requireNonNull(rawPath, "rawPath");
      return this;
    }

    /** The raw query string without {@code ?}; empty for none. */
    public Builder rawQuery(String rawQuery) {
      this.rawQuery = Objects.requireNonNull(rawQuery, "rawQuery");
      return this;
    }

    /** The request target as on the request line: the raw path, then {@code ?query} if any. */
    public Builder target(String target) {
      Objects.requireNonNull(target, "target");
      int question = target.indexOf('?');
      if (question < 0) {
        this.rawPath = target;
        this.rawQuery = "";
      } else {
        this.rawPath = target.substring(0, question);
        this.rawQuery = target.substring(question + 1);
      }
      return this;
    }

    /** Replaces all headers. */
    public Builder headers(RequestHeaders headers) {
      this.headers = Objects.requireNonNull(headers, "headers");
      this.headerBuilder = null;
      return this;
    }

    /** Adds one header value, after those already given. */
    public Builder header(String name, String value) {
      if (headerBuilder == null) {
        headerBuilder = RequestHeaders.builder();
        if (headers != null) {
          for (String existing : headers.names()) {
            for (String v : headers.all(existing)) {
              headerBuilder.add(existing, v);
            }
          }
        }
        headers = null;
      }
      headerBuilder.add(name, value);
      return this;
    }

    /** The body's bytes (copied). */
    public Builder body(byte[] body) {
      this.payload = Payload.of(body);
      return this;
    }

    /** The body's SHA-256, when the caller hashed it while reading. */
    public Builder payloadSha256(String sha256Hex) {
      this.payload = Payload.ofSha256Hex(sha256Hex);
      return this;
    }

    /** The body. */
    public Builder payload(Payload payload) {
      this.payload = Objects.requireNonNull(payload, "payload");
      return this;
    }

    /** When the server received the request. */
    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
      return this;
    }

    /** The request. */
    public SignedRequest build() {
      RequestHeaders built =
          headerBuilder != null
              ? headerBuilder.build()
              : headers != null ? headers : RequestHeaders.empty();
      return new SignedRequest(method, rawPath, rawQuery, built, payload, receivedAt);
    }
  }
}
