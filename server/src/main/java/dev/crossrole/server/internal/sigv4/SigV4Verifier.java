package dev.crossrole.server.internal.sigv4;

import dev.crossrole.server.internal.sigv4.SigV4.QueryParameter;
import dev.crossrole.server.internal.sigv4.VerifiedRequest.AuthLocation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 on requests as a server receives them: the {@code Authorization:
 * AWS4-HMAC-SHA256 …} header or presigned {@code X-Amz-*} query parameters, the session token, the
 * payload hash, the clock skew (15 minutes by default) and a presigned request's expiry. Failures
 * are {@link SignatureException}s with AWS's codes and messages. Thread-safe; signing keys are
 * cached.
 *
 * @param <P> what the {@link SigningSecrets} lookup attaches to a key
 */
public final class SigV4Verifier<P> {
  // The Authorization header's parameters, and the presigned query's.
  private static final String CREDENTIAL = "Credential";
  private static final String SIGNED_HEADERS = "SignedHeaders";
  private static final String SIGNATURE = "Signature";

  private static final String X_AMZ_ALGORITHM = "X-Amz-Algorithm";
  private static final String X_AMZ_CREDENTIAL = "X-Amz-Credential";
  private static final String X_AMZ_DATE = "X-Amz-Date";
  private static final String X_AMZ_EXPIRES = "X-Amz-Expires";
  private static final String X_AMZ_SIGNED_HEADERS = "X-Amz-SignedHeaders";
  private static final String X_AMZ_SECURITY_TOKEN = SigV4.X_AMZ_SECURITY_TOKEN;
  private static final String X_AMZ_CONTENT_SHA256 = "X-Amz-Content-Sha256";
  private static final String X_AMZ_TARGET = "x-amz-target";
  private static final Set<String> QUERY_AUTH_PARAMETERS =
      Set.of(
          X_AMZ_ALGORITHM,
          X_AMZ_CREDENTIAL,
          X_AMZ_DATE,
          X_AMZ_EXPIRES,
          X_AMZ_SIGNED_HEADERS,
          SigV4.X_AMZ_SIGNATURE,
          X_AMZ_SECURITY_TOKEN,
          X_AMZ_CONTENT_SHA256);

  /** The longest presigned validity AWS allows: seven days. */
  static final long MAX_EXPIRES_SECONDS = 604_800;

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

  /**
   * Longer than any region name, short enough for {@link #REGION} to match without deep recursion.
   */
  private static final int MAX_REGION_LENGTH = 64;

  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final int ECHO_LIMIT = 128;

  private final SigningSecrets<P> secrets;
  private final Set<String> services;
  private final Set<String> regions;
  private final Map<String, Set<String>> serviceRegions;
  private final boolean normalizePath;
  private final Duration clockSkew;
  private final boolean allowUnsignedPayload;
  private final SigningKeyCache cache;

  private SigV4Verifier(Builder<P> builder) {
    this.secrets = builder.secrets;
    this.services = Set.copyOf(builder.services);
    this.regions = Set.copyOf(builder.regions);
    this.serviceRegions = Map.copyOf(builder.serviceRegions);
    this.normalizePath = builder.normalizePath;
    this.clockSkew = builder.clockSkew;
    this.allowUnsignedPayload = builder.allowUnsignedPayload;
    this.cache = new SigningKeyCache(builder.signingKeyCacheSize);
  }

  /**
   * A builder for a verifier that looks secrets up with {@code secrets}.
   *
   * @param secrets the secret lookup
   */
  public static <P> Builder<P> builder(SigningSecrets<P> secrets) {
    return new Builder<>(secrets);
  }

  /**
   * Verifies the request's signature.
   *
   * @return who signed it, and the scope they signed it for
   * @throws SignatureException with AWS's code and message when it does not verify
   */
  public VerifiedRequest<P> verify(SignedRequest request) {
    return verify(request, services);
  }

  /**
   * Verifies the request's signature, requiring its credential scope to name one of {@code
   * expectedServices} (a subset of the configured services): for an endpoint that knows from the
   * request itself which service it addresses, such as a JSON protocol request's {@code
   * X-Amz-Target}, so that a wrong service is refused with AWS's message naming the right one.
   *
   * @return who signed it, and the scope they signed it for
   * @throws SignatureException with AWS's code and message when it does not verify
   */
  public VerifiedRequest<P> verify(SignedRequest request, Set<String> expectedServices) {
    if (expectedServices.isEmpty() || !services.containsAll(expectedServices)) {
      throw new IllegalArgumentException(
          "expected services " + expectedServices + " are not among " + services);
    }
    Parsed parsed = parse(request, expectedServices);
    checkTime(parsed, request.receivedAt());
    List<SigningInput> inputs = signingInputs(request, parsed);
    if (parsed.accessKeyId.isEmpty()) {
      throw SignatureException.invalidClientTokenId();
    }
    SigningSecret<P> secret =
        secrets
            .find(parsed.accessKeyId, parsed.securityToken)
            .orElseThrow(SignatureException::invalidClientTokenId);
    byte[] signingKey = cache.signingKey(secret.secretUtf8(), parsed.scope);
    byte[] provided = SigV4.unhex(parsed.signature);
    boolean matches = false;
    for (SigningInput input : inputs) {
      byte[] expected = SigV4.signatureBytes(signingKey, input.stringToSign());
      if (MessageDigest.isEqual(expected, provided)) {
        matches = true;
        break;
      }
    }
    if (!matches) {
      throw new SignatureException(
          AuthError.SIGNATURE_DOES_NOT_MATCH, SignatureException.SIGNATURE_MISMATCH_MESSAGE);
    }
    boolean payloadSigned = checkDeclaredPayload(parsed, request.payload());
    return new VerifiedRequest<>(
        parsed.accessKeyId,
        parsed.scope,
        parsed.signedHeaders,
        parsed.securityToken,
        secret.principal(),
        parsed.signedAt,
        parsed.location,
        payloadSigned,
        signedQuery(parsed.query));
  }

  /**
   * Reconstructs what the request's signature was computed over (canonical request, string to sign)
   * without checking time, secret or signature; for diagnostics and tests.
   *
   * @throws SignatureException when the authentication parameters are missing or malformed
   */
  public SigningInput canonicalize(SignedRequest request) {
    return canonicalizeAll(request).get(0);
  }

  /**
   * Every form of the request that {@link #verify} accepts a signature over: first the standard
   * one; for a presigned request that carries {@code X-Amz-Security-Token} in its query, also the
   * form without it, for signers that append the token after signing (as the SigV4 suite's {@code
   * post-sts-header-after} case does, and AWS IoT requires). The token is not signed in the header
   * form either when it is not among the signed headers; a token swapped in can only change which
   * secret the lookup finds, so the signature still has to match that secret.
   *
   * @throws SignatureException when the authentication parameters are missing or malformed
   */
  public List<SigningInput> canonicalizeAll(SignedRequest request) {
    return signingInputs(request, parse(request, services));
  }

  /** The query parameters as the signature read them, for the handler to read them alike. */
  private static List<VerifiedRequest.QueryParameter> signedQuery(List<QueryParameter> query) {
    List<VerifiedRequest.QueryParameter> out = new ArrayList<>(query.size());
    for (QueryParameter parameter : query) {
      out.add(new VerifiedRequest.QueryParameter(parameter.nameBytes(), parameter.valueBytes()));
    }
    return out;
  }

  /** For tests in this package. */
  SigningKeyCache cache() {
    return cache;
  }

  private List<SigningInput> signingInputs(SignedRequest request, Parsed parsed) {
    boolean presigned = parsed.location == AuthLocation.QUERY;
    SigningInput standard = signingInput(request, parsed, presigned, false);
    if (presigned && queryValue(parsed.query, X_AMZ_SECURITY_TOKEN).isPresent()) {
      return List.of(standard, signingInput(request, parsed, true, true));
    }
    return List.of(standard);
  }

  private SigningInput signingInput(
      SignedRequest request, Parsed parsed, boolean presigned, boolean withoutToken) {
    String payloadHash = parsed.declaredPayloadHash.orElseGet(() -> request.payload().sha256Hex());
    String canonicalRequest =
        SigV4.canonicalRequest(
            request.method(),
            SigV4.canonicalUri(request.rawPath(), normalizePath),
            SigV4.canonicalQueryString(parsed.query, presigned, withoutToken),
            SigV4.canonicalHeaders(request.headers(), parsed.signedHeaders),
            String.join(";", parsed.signedHeaders),
            payloadHash);
    String amzDate = SigV4.amzDate(parsed.signedAt);
    return new SigningInput(
        parsed.location,
        parsed.accessKeyId,
        parsed.scope,
        parsed.signedHeaders,
        parsed.securityToken,
        parsed.signedAt,
        payloadHash,
        canonicalRequest,
        SigV4.stringToSign(amzDate, parsed.scope, canonicalRequest),
        parsed.signature);
  }

  /** Returns whether the payload is signed; throws when the declared hash is not the body's. */
  private boolean checkDeclaredPayload(Parsed parsed, Payload payload) {
    if (parsed.declaredPayloadHash.isEmpty()) {
      return true;
    }
    String declared = parsed.declaredPayloadHash.get();
    if (declared.equals(SigV4.UNSIGNED_PAYLOAD) && allowUnsignedPayload) {
      return false;
    }
    if (SigV4.isSha256Hex(declared) && declared.equalsIgnoreCase(payload.sha256Hex())) {
      return true;
    }
    throw new SignatureException(
        AuthError.X_AMZ_CONTENT_SHA256_MISMATCH,
        SignatureException.CONTENT_SHA256_MISMATCH_MESSAGE);
  }

  private void checkTime(Parsed parsed, Instant now) {
    Instant signedAt = parsed.signedAt;
    long minutes = clockSkew.toMinutes();
    Instant latest = now.plus(clockSkew);
    if (signedAt.isAfter(latest)) {
      throw new SignatureException(
          AuthError.SIGNATURE_DOES_NOT_MATCH,
          "Signature not yet current: "
              + SigV4.amzDate(signedAt)
              + " is still later than "
              + SigV4.amzDate(latest)
              + " ("
              + SigV4.amzDate(now)
              + " + "
              + minutes
              + " min.)");
    }
    if (parsed.location == AuthLocation.HEADER) {
      Instant earliest = now.minus(clockSkew);
      if (signedAt.isBefore(earliest)) {
        throw new SignatureException(
            AuthError.SIGNATURE_DOES_NOT_MATCH,
            "Signature expired: "
                + SigV4.amzDate(signedAt)
                + " is now earlier than "
                + SigV4.amzDate(earliest)
                + " ("
                + SigV4.amzDate(now)
                + " - "
                + minutes
                + " min.)");
      }
    } else if (now.isAfter(signedAt.plus(parsed.expires))) {
      throw new SignatureException(AuthError.REQUEST_EXPIRED, "Request has expired.");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing the authentication parameters

  /** The authentication parameters of a request, parsed and checked for form. */
  private static final class Parsed {
    AuthLocation location;
    List<QueryParameter> query;
    String accessKeyId;
    CredentialScope scope;
    List<String> signedHeaders;
    String signature;
    Instant signedAt;
    Duration expires = Duration.ZERO;
    Optional<String> securityToken = Optional.empty();
    Optional<String> declaredPayloadHash = Optional.empty();
  }

  private Parsed parse(SignedRequest request, Set<String> expectedServices) {
    RequestHeaders headers = request.headers();
    List<String> authorization = headers.all("authorization");
    boolean hasHeader = authorization.stream().anyMatch(value -> !value.isBlank());
    List<QueryParameter> query =
        request.rawQuery().isEmpty() ? List.of() : SigV4.parseQuery(request.rawQuery());
    Map<String, String> queryAuth = new HashMap<>();
    for (QueryParameter parameter : query) {
      String name = parameter.name();
      if (QUERY_AUTH_PARAMETERS.contains(name)) {
        queryAuth.putIfAbsent(name, parameter.value());
      }
    }
    boolean hasQuery =
        queryAuth.containsKey(X_AMZ_ALGORITHM)
            || queryAuth.containsKey(X_AMZ_CREDENTIAL)
            || queryAuth.containsKey(X_AMZ_SIGNED_HEADERS)
            || queryAuth.containsKey(SigV4.X_AMZ_SIGNATURE);
    if (hasHeader && hasQuery) {
      throw incomplete(
          "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the"
              + " Authorization header should be specified");
    }
    if (!hasHeader && !hasQuery) {
      throw new SignatureException(
          AuthError.MISSING_AUTHENTICATION_TOKEN, SignatureException.MISSING_TOKEN_MESSAGE);
    }
    Parsed parsed = new Parsed();
    parsed.query = query;
    if (hasHeader) {
      parseHeader(authorization, headers, parsed, expectedServices);
    } else {
      parseQuery(queryAuth, headers, parsed, expectedServices);
    }
    return parsed;
  }

  private void parseHeader(
      List<String> authorization,
      RequestHeaders headers,
      Parsed parsed,
      Set<String> expectedServices) {
    parsed.location = AuthLocation.HEADER;
    if (authorization.size() > 1) {
      throw incomplete("Authorization header must be sent once, not " + authorization.size());
    }
    String value = authorization.get(0).strip();
    int space = indexOfWhitespace(value);
    String algorithm = space < 0 ? value : value.substring(0, space);
    String rest = space < 0 ? "" : value.substring(space + 1);
    Map<String, String> parameters = new HashMap<>();
    boolean missingEquals = false;
    for (String part : rest.split(",", -1)) {
      String pair = part.strip();
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        missingEquals = true;
        continue;
      }
      parameters.putIfAbsent(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    if (missingEquals && algorithm.equals(SigV4.ALGORITHM)) {
      throw incomplete(
          "Invalid key=value pair (missing equal-sign) in Authorization header (hashed with"
              + " SHA-256 and encoded with Base64): '"
              + Base64.getEncoder()
                  .encodeToString(SigV4.sha256(value.getBytes(StandardCharsets.UTF_8)))
              + "'.");
    }
    Optional<String> date = joined(headers, "x-amz-date").or(() -> joined(headers, "date"));
    List<String> missing = new ArrayList<>();
    for (String name : List.of(CREDENTIAL, SIGNATURE, SIGNED_HEADERS)) {
      if (parameters.getOrDefault(name, "").isEmpty()) {
        missing.add("Authorization header requires '" + name + "' parameter.");
      }
    }
    if (date.isEmpty()) {
      missing.add(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }
    if (!missing.isEmpty()) {
      throw incomplete(String.join(" ", missing));
    }
    if (!algorithm.equals(SigV4.ALGORITHM)) {
      throw incomplete("Unsupported AWS 'algorithm': '" + echo(algorithm) + "'.");
    }
    parseCredential(parameters.get(CREDENTIAL), parsed, expectedServices);
    parsed.signedHeaders = parseSignedHeaders(parameters.get(SIGNED_HEADERS), headers);
    parsed.signature = parameters.get(SIGNATURE);
    parsed.signedAt = parseDate(date.get(), true);
    parsed.securityToken =
        headers
            .first(X_AMZ_SECURITY_TOKEN)
            .or(() -> queryValue(parsed.query, X_AMZ_SECURITY_TOKEN));
    parsed.declaredPayloadHash = joined(headers, X_AMZ_CONTENT_SHA256);
    checkScopeDate(parsed, date.get());
  }

  private void parseQuery(
      Map<String, String> queryAuth,
      RequestHeaders headers,
      Parsed parsed,
      Set<String> expectedServices) {
    parsed.location = AuthLocation.QUERY;
    for (String name :
        List.of(
            X_AMZ_ALGORITHM,
            X_AMZ_CREDENTIAL,
            SigV4.X_AMZ_SIGNATURE,
            X_AMZ_DATE,
            X_AMZ_SIGNED_HEADERS,
            X_AMZ_EXPIRES)) {
      if (queryAuth.getOrDefault(name, "").isEmpty()) {
        throw incomplete(
            "Query-string authentication version 4 requires the X-Amz-Algorithm,"
                + " X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and"
                + " X-Amz-Expires parameters.");
      }
    }
    if (!queryAuth.get(X_AMZ_ALGORITHM).equals(SigV4.ALGORITHM)) {
      throw incomplete("X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\"");
    }
    parseCredential(queryAuth.get(X_AMZ_CREDENTIAL), parsed, expectedServices);
    parsed.signedHeaders = parseSignedHeaders(queryAuth.get(X_AMZ_SIGNED_HEADERS), headers);
    parsed.signature = queryAuth.get(SigV4.X_AMZ_SIGNATURE);
    String date = queryAuth.get(X_AMZ_DATE);
    parsed.signedAt = parseDate(date, false);
    parsed.expires = parseExpires(queryAuth.get(X_AMZ_EXPIRES));
    parsed.securityToken =
        Optional.ofNullable(queryAuth.get(X_AMZ_SECURITY_TOKEN))
            .or(() -> headers.first(X_AMZ_SECURITY_TOKEN));
    parsed.declaredPayloadHash =
        Optional.ofNullable(queryAuth.get(X_AMZ_CONTENT_SHA256))
            .or(() -> joined(headers, X_AMZ_CONTENT_SHA256));
    checkScopeDate(parsed, date);
  }

  private void parseCredential(String credential, Parsed parsed, Set<String> expectedServices) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5) {
      throw incomplete(
          "Credential must have exactly 5 slash-delimited elements, e.g."
              + " keyid/date/region/service/term, got '"
              + echo(credential)
              + "'");
    }
    // AWS ends each of these sentences with ". " and runs them together, trailing space included,
    // and answers them as a signature that does not match (403), not as a malformed one.
    StringBuilder problems = new StringBuilder();
    String region = parts[2];
    String service = parts[3];
    if (!regionAccepted(service, region)) {
      problems.append("Credential should be scoped to a valid region, not '");
      problems.append(echo(region)).append("'. ");
    }
    if (!expectedServices.contains(service)) {
      problems.append("Credential should be scoped to correct service: ");
      problems.append(quotedAlternatives(expectedServices)).append(". ");
    }
    if (!parts[4].equals(SigV4.TERMINATOR)) {
      problems.append("Credential should be scoped with a valid terminator: '");
      problems.append(SigV4.TERMINATOR).append("', not '").append(echo(parts[4])).append("'. ");
    }
    if (problems.length() > 0) {
      throw new SignatureException(AuthError.SIGNATURE_DOES_NOT_MATCH, problems.toString());
    }
    parsed.accessKeyId = parts[0];
    parsed.scope = new CredentialScope(parts[1], region, service);
  }

  /** A service's own regions when it has them (IAM, global), else the verifier's. */
  private boolean regionAccepted(String service, String region) {
    Set<String> accepted = serviceRegions.getOrDefault(service, regions);
    if (!accepted.isEmpty()) {
      return accepted.contains(region);
    }
    // Java matches a repeated group by recursion: the length bound comes first, so that a long
    // scope cannot overflow the stack.
    return region.length() <= MAX_REGION_LENGTH && REGION.matcher(region).matches();
  }

  private static String quotedAlternatives(Set<String> names) {
    StringBuilder out = new StringBuilder();
    for (String name : new TreeSet<>(names)) {
      if (out.length() > 0) {
        out.append(" or ");
      }
      out.append('\'').append(name).append('\'');
    }
    return out.toString();
  }

  private static List<String> parseSignedHeaders(String signedHeaders, RequestHeaders headers) {
    TreeSet<String> names = new TreeSet<>();
    for (String name : signedHeaders.split(";", -1)) {
      String lower = name.strip().toLowerCase(Locale.ROOT);
      if (!lower.isEmpty()) {
        names.add(lower);
      }
    }
    if (!names.contains("host")) {
      throw notSigned("'Host' or ':authority'");
    }
    // X-Amz-Target names the operation of a JSON protocol request: left unsigned, a captured
    // request could be replayed as another operation under the same signature.
    if (headers.contains(X_AMZ_TARGET) && !names.contains(X_AMZ_TARGET)) {
      throw notSigned("'X-Amz-Target'");
    }
    return List.copyOf(names);
  }

  private static SignatureException notSigned(String header) {
    return new SignatureException(
        AuthError.SIGNATURE_DOES_NOT_MATCH,
        header + " must be a 'SignedHeader' in the AWS Authorization.");
  }

  private static Instant parseDate(String value, boolean header) {
    String date = value.strip();
    try {
      return Instant.from(SigV4.AMZ_DATE.parse(date));
    } catch (DateTimeException notIso) {
      if (header) {
        try {
          return Instant.from(RFC_1123.parse(date));
        } catch (DateTimeException notRfc1123) {
          // reported below
        }
      }
    }
    if (header) {
      throw incomplete(
          "Date must be in ISO-8601 'basic format'. Got '"
              + echo(date)
              + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
    throw incomplete("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }

  private static Duration parseExpires(String value) {
    long seconds;
    try {
      seconds = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw incomplete("X-Amz-Expires should be a number");
    }
    if (seconds < 0) {
      throw incomplete("X-Amz-Expires must be non-negative");
    }
    if (seconds > MAX_EXPIRES_SECONDS) {
      throw incomplete(
          "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECONDS);
    }
    return Duration.ofSeconds(seconds);
  }

  private static void checkScopeDate(Parsed parsed, String rawDate) {
    String day = SigV4.amzDate(parsed.signedAt).substring(0, 8);
    if (!parsed.scope.date().equals(day)) {
      throw new SignatureException(
          AuthError.SIGNATURE_DOES_NOT_MATCH,
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '"
              + echo(parsed.scope.date())
              + "' != '"
              + day
              + "', from '"
              + echo(rawDate.strip())
              + "'.");
    }
  }

  private static Optional<String> joined(RequestHeaders headers, String name) {
    List<String> values = headers.all(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(values.size() == 1 ? values.get(0).strip() : String.join(",", values));
  }

  private static Optional<String> queryValue(List<QueryParameter> query, String name) {
    for (QueryParameter parameter : query) {
      if (parameter.name().equals(name)) {
        return Optional.of(parameter.value());
      }
    }
    return Optional.empty();
  }

  private static int indexOfWhitespace(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Client-sent text for an error message: bounded, printable ASCII only. */
  private static String echo(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), ECHO_LIMIT));
    for (int i = 0; i < value.length() && out.length() < ECHO_LIMIT; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    if (value.length() > ECHO_LIMIT) {
      out.append("...");
    }
    return out.toString();
  }

  private static SignatureException incomplete(String message) {
    return new SignatureException(AuthError.INCOMPLETE_SIGNATURE, message);
  }

  /**
   * Configures a {@link SigV4Verifier}.
   *
   * @param <P> the lookup's principal type
   */
  public static final class Builder<P> {
    private final SigningSecrets<P> secrets;
    private Set<String> services = Set.of();
    private Set<String> regions = Set.of();
    private final Map<String, Set<String>> serviceRegions = new HashMap<>();
    private boolean normalizePath = true;
    private Duration clockSkew = Duration.ofMinutes(15);
    private boolean allowUnsignedPayload = true;
    private int signingKeyCacheSize = 4096;

    private Builder(SigningSecrets<P> secrets) {
      this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The signing names accepted in the credential scope (e.g. iam, sts, ecr); required. */
    public Builder<P> services(Collection<String> services) {
      this.services = Set.copyOf(services);
      return this;
    }

    /**
     * The regions accepted in the credential scope; when none are given (the default), any name
     * shaped like an AWS region ({@code us-east-1}, {@code us-gov-west-1}) is accepted.
     */
    public Builder<P> regions(Collection<String> regions) {
      this.regions = Set.copyOf(regions);
      return this;
    }

    /**
     * The regions accepted in the credential scope of {@code service}, instead of those of {@link
     * #regions(Collection)}: for a global service such as IAM, which is signed for {@code
     * us-east-1} whatever the region of the other services.
     */
    public Builder<P> regions(String service, Collection<String> regions) {
      if (regions.isEmpty()) {
        throw new IllegalArgumentException("no regions given for " + service);
      }
      this.serviceRegions.put(service, Set.copyOf(regions));
      return this;
    }

    /**
     * Whether the canonical URI's path is normalized ({@code .}/{@code ..} resolved, duplicate
     * slashes removed), as every service but S3 does; default true.
     */
    public Builder<P> normalizePath(boolean normalizePath) {
      this.normalizePath = normalizePath;
      return this;
    }

    /** How far the request's date may be from the time received; default 15 minutes. */
    public Builder<P> clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("negative clock skew");
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /**
     * Whether {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} is accepted (the body is then not
     * covered by the signature); default true.
     */
    public Builder<P> allowUnsignedPayload(boolean allowUnsignedPayload) {
      this.allowUnsignedPayload = allowUnsignedPayload;
      return this;
    }

    /** How many signing keys to cache; 0 disables the cache. Default 4096. */
    public Builder<P> signingKeyCacheSize(int signingKeyCacheSize) {
      if (signingKeyCacheSize < 0) {
        throw new IllegalArgumentException("negative cache size");
      }
      this.signingKeyCacheSize = signingKeyCacheSize;
      return this;
    }

    /** The verifier. */
    public SigV4Verifier<P> build() {
      if (services.isEmpty()) {
        throw new IllegalStateException("no services given");
      }
      return new SigV4Verifier<>(this);
    }
  }
}
