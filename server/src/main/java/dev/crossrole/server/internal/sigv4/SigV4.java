package dev.crossrole.server.internal.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The steps of AWS Signature Version 4, named as AWS names them: {@link #canonicalRequest}, {@link
 * #stringToSign}, {@link #signingKey}, {@link #signature}, and the canonical forms they are built
 * from. Pure functions; the verifier in {@link SigV4Verifier} strings them together.
 */
public final class SigV4 {
  /** The only algorithm supported. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** The last element of every credential scope. */
  public static final String TERMINATOR = "aws4_request";

  /** The payload hash a client declares when it does not sign the body. */
  public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  /** The presigned-query parameter holding the signature, left out of the canonical query. */
  public static final String X_AMZ_SIGNATURE = "X-Amz-Signature";

  /** The session token's header and query parameter name. */
  public static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";

  /** {@code yyyyMMdd'T'HHmmss'Z'}, AWS's basic ISO 8601 timestamp, in UTC. */
  public static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
          .withZone(ZoneOffset.UTC)
          .withResolverStyle(ResolverStyle.STRICT);

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
  private static final String HMAC_SHA256 = "HmacSHA256";

  private SigV4() {}

  /**
   * The canonical URI: the raw (still percent-encoded) path, with {@code .} and {@code ..} segments
   * resolved and empty segments removed when {@code normalize} (every service but S3), then
   * URI-encoded as a whole. Since the raw path is already encoded, this is AWS's "encode each
   * segment twice" for the services that do so: {@code %20} on the wire becomes {@code %2520}.
   */
  public static String canonicalUri(String rawPath, boolean normalize) {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    if (normalize) {
      path = normalizePath(path);
    }
    return uriEncode(path.getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Removes {@code .} and {@code ..} segments and empty segments (duplicate slashes) from a path. A
   * trailing slash is kept; the result always starts with {@code /}.
   */
  static String normalizePath(String path) {
    Deque<String> kept = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        kept.pollLast();
      } else {
        kept.addLast(segment);
      }
    }
    String last = segments[segments.length - 1];
    boolean trailingSlash = last.isEmpty() || last.equals(".") || last.equals("..");
    StringBuilder out = new StringBuilder(path.length() + 1);
    for (String segment : kept) {
      out.append('/').append(segment);
    }
    if (out.length() == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /**
   * The canonical query string: each parameter's name and value percent-decoded and encoded again
   * with AWS's encoding, sorted by name then value, joined with {@code &}. For a presigned request
   * {@code X-Amz-Signature} is left out. A {@code +} is a literal plus, as RFC 3986 has it.
   */
  public static String canonicalQueryString(String rawQuery, boolean presigned) {
    return rawQuery.isEmpty() ? "" : canonicalQueryString(parseQuery(rawQuery), presigned, false);
  }

  /**
   * The canonical query string of parsed parameters; {@code withoutToken} also leaves out {@code
   * X-Amz-Security-Token}, for presigned requests whose token was appended after signing.
   */
  static String canonicalQueryString(
      List<QueryParameter> parameters, boolean presigned, boolean withoutToken) {
    if (parameters.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>(parameters.size());
    for (QueryParameter parameter : parameters) {
      if (presigned && parameter.name().equals(X_AMZ_SIGNATURE)) {
        continue;
      }
      if (withoutToken && parameter.name().equals(X_AMZ_SECURITY_TOKEN)) {
        continue;
      }
      pairs.add(
          new String[] {
            uriEncode(parameter.nameBytes(), false), uriEncode(parameter.valueBytes(), false)
          });
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder(64);
    for (String[] pair : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(pair[0]).append('=').append(pair[1]);
    }
    return out.toString();
  }

  /** One query parameter, decoded. */
  record QueryParameter(byte[] nameBytes, byte[] valueBytes) {
    String name() {
      return new String(nameBytes, StandardCharsets.UTF_8);
    }

    String value() {
      return new String(valueBytes, StandardCharsets.UTF_8);
    }
  }

  /** The parameters of a raw query string, percent-decoded, in order; empty pieces skipped. */
  static List<QueryParameter> parseQuery(String rawQuery) {
    List<QueryParameter> parameters = new ArrayList<>();
    int start = 0;
    int length = rawQuery.length();
    while (start <= length) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        String piece = rawQuery.substring(start, end);
        int equals = piece.indexOf('=');
        String name = equals < 0 ? piece : piece.substring(0, equals);
        String value = equals < 0 ? "" : piece.substring(equals + 1);
        parameters.add(new QueryParameter(percentDecode(name), percentDecode(value)));
      }
      start = end + 1;
    }
    return parameters;
  }

  /** Percent-decodes to bytes; a {@code %} not followed by two hex digits stays literal. */
  static byte[] percentDecode(String encoded) {
    byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
    if (encoded.indexOf('%') < 0) {
      return in;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '%' && i + 2 < in.length && hexValue(in[i + 1]) >= 0 && hexValue(in[i + 2]) >= 0) {
        out.write(hexValue(in[i + 1]) << 4 | hexValue(in[i + 2]));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  /**
   * AWS's URI encoding: every byte but the unreserved {@code A-Z a-z 0-9 - _ . ~} (and {@code /}
   * when {@code keepSlash}) becomes {@code %XX} with upper-case hex.
   */
  static String uriEncode(byte[] bytes, boolean keepSlash) {
    StringBuilder out = null;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      boolean keep = isUnreserved(b) || (keepSlash && b == '/');
      if (out == null) {
        if (keep) {
          continue;
        }
        out = new StringBuilder(bytes.length * 3);
        out.append(new String(bytes, 0, i, StandardCharsets.US_ASCII));
      }
      if (keep) {
        out.append((char) b);
      } else {
        out.append('%').append(HEX_UPPER[b >>> 4]).append(HEX_UPPER[b & 0xf]);
      }
    }
    return out == null ? new String(bytes, StandardCharsets.US_ASCII) : out.toString();
  }

  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '_'
        || b == '.'
        || b == '~';
  }

  /**
   * The canonical headers: for each signed header name (lower-case, sorted), {@code name:value\n}
   * where the value is every received value, trimmed and with runs of whitespace collapsed to one
   * space, joined with {@code ,} in the order received.
   */
  public static String canonicalHeaders(RequestHeaders headers, List<String> signedHeaders) {
    StringBuilder out = new StringBuilder(256);
    for (String name : signedHeaders) {
      out.append(name).append(':');
      List<String> values = headers.all(name);
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendTrimmedCollapsed(out, values.get(i));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void appendTrimmedCollapsed(StringBuilder out, String value) {
    boolean pendingSpace = false;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b) {
        pendingSpace = any;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        any = true;
      }
    }
  }

  /**
   * The canonical request: method, canonical URI, canonical query string, canonical headers, the
   * signed header names joined with {@code ;}, and the payload hash, separated by newlines.
   */
  public static String canonicalRequest(
      String method,
      String canonicalUri,
      String canonicalQueryString,
      String canonicalHeaders,
      String signedHeaders,
      String payloadHash) {
    return method
        + '\n'
        + canonicalUri
        + '\n'
        + canonicalQueryString
        + '\n'
        + canonicalHeaders
        + '\n'
        + signedHeaders
        + '\n'
        + payloadHash;
  }

  /**
   * The string to sign: the algorithm, the request's timestamp ({@code yyyyMMdd'T'HHmmss'Z'}), the
   * credential scope and the hex SHA-256 of the canonical request, separated by newlines.
   */
  public static String stringToSign(
      String amzDate, CredentialScope scope, String canonicalRequest) {
    return ALGORITHM
        + '\n'
        + amzDate
        + '\n'
        + scope.value()
        + '\n'
        + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The signing key: HMAC-SHA256 chained over {@code "AWS4" + secret}, the date, the region, the
   * service and {@code aws4_request}.
   *
   * @param secretUtf8 the secret access key's UTF-8 bytes; not retained
   */
  public static byte[] signingKey(byte[] secretUtf8, CredentialScope scope) {
    byte[] initial = new byte[4 + secretUtf8.length];
    initial[0] = 'A';
    initial[1] = 'W';
    initial[2] = 'S';
    initial[3] = '4';
    System.arraycopy(secretUtf8, 0, initial, 4, secretUtf8.length);
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      byte[] key = hmac(mac, initial, scope.date());
      key = hmac(mac, key, scope.region());
      key = hmac(mac, key, scope.service());
      return hmac(mac, key, TERMINATOR);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      Arrays.fill(initial, (byte) 0);
    }
  }

  /** The signature: hex HMAC-SHA256 of the string to sign under the signing key. */
  public static String signature(byte[] signingKey, String stringToSign) {
    return hex(signatureBytes(signingKey, stringToSign));
  }

  static byte[] signatureBytes(byte[] signingKey, String stringToSign) {
    try {
      return hmac(Mac.getInstance(HMAC_SHA256), signingKey, stringToSign);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] hmac(Mac mac, byte[] key, String data) throws GeneralSecurityException {
    mac.init(new SecretKeySpec(key, HMAC_SHA256));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /** Lower-case hex SHA-256. */
  public static String sha256Hex(byte[] data) {
    return hex(sha256(data));
  }

  static byte[] sha256(byte[] data) {
    return sha256Digest().digest(data);
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Lower-case hex of the bytes. */
  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >>> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** Bytes of a hex string (either case), or an empty array when it is not even-length hex. */
  static byte[] unhex(String hex) {
    if (hex.length() % 2 != 0) {
      return new byte[0];
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int high = hexValue(hex.charAt(2 * i));
      int low = hexValue(hex.charAt(2 * i + 1));
      if (high < 0 || low < 0) {
        return new byte[0];
      }
      out[i] = (byte) (high << 4 | low);
    }
    return out;
  }

  /** Whether the string is 64 hexadecimal digits. */
  static boolean isSha256Hex(String value) {
    if (value.length() != 64) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (hexValue(value.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** The instant as {@code yyyyMMdd'T'HHmmss'Z'}. */
  public static String amzDate(Instant instant) {
    return AMZ_DATE.format(instant);
  }
}
