package dev.crossrole.server.internal.query;

import dev.crossrole.server.internal.request.AwsException;
import dev.crossrole.server.internal.sigv4.VerifiedRequest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of an AWS Query protocol request ({@code Action=AssumeRole&RoleArn=…}), read from
 * an {@code application/x-www-form-urlencoded} body and the query string. Lists use AWS's {@code
 * Name.member.N} form and maps {@code Name.member.N.Key}/{@code .Value}. A name is read once: one
 * given twice is refused.
 */
public final class QueryParameters {
  private static final int SHOWN_LIMIT = 128;

  private final Map<String, String> values;

  private QueryParameters(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * The parameters of a request: its form-encoded body, then its query string as the signature read
   * it ({@link VerifiedRequest#query()}), so that the handler acts on the very parameters that were
   * signed. In the query string a {@code +} is a plus, as in the signature's canonical query (only
   * {@code %20} is a space there); in the body, form-encoded and signed byte for byte, it is a
   * space.
   *
   * @throws AwsException (MalformedQueryString) for a body that is not valid form encoding, a query
   *     parameter that is not UTF-8, or a name given twice
   */
  public static QueryParameters of(String formBody, List<VerifiedRequest.QueryParameter> query) {
    Map<String, String> values = new LinkedHashMap<>();
    readForm(formBody, values);
    for (VerifiedRequest.QueryParameter parameter : query) {
      put(values, utf8(parameter.name()), utf8(parameter.value()));
    }
    return new QueryParameters(values);
  }

  /**
   * Reads form-encoded text.
   *
   * @throws AwsException (MalformedQueryString) for text that is not valid form encoding, or a name
   *     given twice
   */
  public static QueryParameters parse(String... encodedParts) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String encoded : encodedParts) {
      readForm(encoded, values);
    }
    return new QueryParameters(values);
  }

  private static void readForm(String encoded, Map<String, String> values) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      put(values, name, value);
    }
  }

  /**
   * A name given twice is refused rather than read one way: the signature's canonical query sorts a
   * repeated name's values, so which one comes first is not signed, and keeping either would let a
   * replay with the values swapped act on the other.
   */
  private static void put(Map<String, String> values, String name, String value) {
    if (values.putIfAbsent(name, value) != null) {
      throw AwsException.query(
          "MalformedQueryString",
          400,
          "The parameter " + shown(name) + " is given more than once.");
    }
  }

  /** Form decoding with strict UTF-8: malformed escapes or bytes are refused, not replaced. */
  private static String decode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= text.length()) {
          throw malformed();
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw malformed();
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    return utf8(bytes.toByteArray());
  }

  /** Strict UTF-8: malformed bytes are refused, not replaced. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed();
    }
  }

  /** A client-sent name for a message: bounded, printable ASCII only. */
  private static String shown(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && out.length() < SHOWN_LIMIT; i++) {
      char c = name.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return name.length() > SHOWN_LIMIT ? out + "..." : out.toString();
  }

  private static AwsException malformed() {
    return AwsException.query(
        "MalformedQueryString", 400, "The query string is not valid form-encoded text.");
  }

  /** The value of a parameter, if the request has it. */
  public Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * The value of a required parameter.
   *
   * @throws AwsException (MissingParameter) when it is absent
   */
  public String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw AwsException.missing(name);
    }
    return v;
  }

  /** The {@code Name.member.1}, {@code Name.member.2}… values, in order, stopping at a gap. */
  public List<String> list(String name) {
    List<String> out = new ArrayList<>();
    for (int i = 1; ; i++) {
      String v = values.get(name + ".member." + i);
      if (v == null) {
        return out;
      }
      out.add(v);
    }
  }

  /** The {@code Name.member.N.Key}/{@code .Value} pairs, in order, stopping at a gap. */
  public Map<String, String> map(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 1; ; i++) {
      String key = values.get(name + ".member." + i + ".Key");
      if (key == null) {
        return out;
      }
      out.put(key, values.getOrDefault(name + ".member." + i + ".Value", ""));
    }
  }

  /** Every parameter, in the order received. */
  public Map<String, String> asMap() {
    return values;
  }
}
