package dev.crossrole.core.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compact binary form of {@link SessionClaims} sealed inside a token: a flags byte (bit 0: the
 * rest is raw-deflated), then the fields in a fixed order — strings as a varint length and UTF-8,
 * instants as epoch second (8 bytes) and nanosecond (4 bytes), the secret as its 30 raw bytes.
 * Bodies of {@value #COMPRESS_FROM} bytes or more are deflated when that makes them smaller: a
 * 2,048-character session policy then costs about a quarter of its size.
 *
 * <p>The reader trusts nothing: every length is checked against what remains and any mismatch is a
 * {@link Malformed}; it only ever runs on authenticated plaintext, so this is defence in depth.
 */
final class ClaimsFormat {
  static final int COMPRESS_FROM = 256;
  static final int MAX_BODY = 64 * 1024;
  private static final int DEFLATED = 1;
  private static final int ROLE_SESSION = 1;
  private static final int USER_SESSION = 2;
  private static final int HAS_SOURCE_IDENTITY = 1;
  private static final int HAS_SESSION_POLICY = 2;
  private static final int SECRET_BYTES = 30;

  /** A plaintext that does not parse as claims. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  private ClaimsFormat() {}

  /** Flags byte and body, deflated when that pays. */
  static byte[] write(SessionClaims c) {
    Writer w = new Writer();
    w.u8(0); // flags, set below
    if (c.subject() instanceof SessionClaims.RoleSession r) {
      w.u8(ROLE_SESSION);
      w.string(r.roleArn());
      w.string(r.roleId());
      w.string(r.sessionName());
    } else if (c.subject() instanceof SessionClaims.UserSession u) {
      w.u8(USER_SESSION);
      w.string(u.userArn());
      w.string(u.userId());
    } else {
      throw new IllegalStateException("unknown subject " + c.subject().getClass());
    }
    w.string(c.accessKeyId());
    w.bytes(Base64.getDecoder().decode(c.secretAccessKey()));
    w.string(c.accountId());
    w.instant(c.issuedAt());
    w.instant(c.expiresAt());
    w.u8(
        (c.sourceIdentity().isPresent() ? HAS_SOURCE_IDENTITY : 0)
            | (c.sessionPolicy().isPresent() ? HAS_SESSION_POLICY : 0));
    c.sourceIdentity().ifPresent(w::string);
    c.sessionPolicy().ifPresent(w::string);
    w.varint(c.policyArns().size());
    c.policyArns().forEach(w::string);
    w.varint(c.tags().size());
    c.tags()
        .forEach(
            (k, v) -> {
              w.string(k);
              w.string(v);
            });
    w.varint(c.transitiveTagKeys().size());
    c.transitiveTagKeys().forEach(w::string);

    if (w.length - 1 > MAX_BODY) {
      throw new CryptoException(
          CryptoException.Kind.TOKEN_TOO_LARGE,
          "the session's policies and tags are too large for a session token");
    }
    if (w.length - 1 >= COMPRESS_FROM) {
      byte[] deflated = deflate(w.buffer, 1, w.length - 1);
      if (deflated.length < w.length) {
        return deflated;
      }
    }
    return Arrays.copyOf(w.buffer, w.length);
  }

  static SessionClaims read(byte[] plaintext) throws Malformed {
    if (plaintext.length < 1) {
      throw new Malformed("empty claims");
    }
    int flags = plaintext[0] & 0xff;
    Reader r;
    if (flags == DEFLATED) {
      byte[] body = inflate(plaintext, 1, plaintext.length - 1);
      r = new Reader(body, 0);
    } else if (flags == 0) {
      r = new Reader(plaintext, 1);
    } else {
      throw new Malformed("unknown claims flags");
    }
    int kind = r.u8();
    SessionClaims.Subject subject;
    if (kind == ROLE_SESSION) {
      subject = new SessionClaims.RoleSession(r.string(), r.string(), r.string());
    } else if (kind == USER_SESSION) {
      subject = new SessionClaims.UserSession(r.string(), r.string());
    } else {
      throw new Malformed("unknown subject kind");
    }
    String accessKeyId = r.string();
    String secret = Base64.getEncoder().encodeToString(r.bytes(SECRET_BYTES));
    String accountId = r.string();
    Instant issuedAt = r.instant();
    Instant expiresAt = r.instant();
    int present = r.u8();
    if ((present & ~(HAS_SOURCE_IDENTITY | HAS_SESSION_POLICY)) != 0) {
      throw new Malformed("unknown optional fields");
    }
    Optional<String> sourceIdentity =
        (present & HAS_SOURCE_IDENTITY) != 0 ? Optional.of(r.string()) : Optional.empty();
    Optional<String> sessionPolicy =
        (present & HAS_SESSION_POLICY) != 0 ? Optional.of(r.string()) : Optional.empty();
    int arnCount = r.count();
    List<String> policyArns = new ArrayList<>(arnCount);
    for (int i = 0; i < arnCount; i++) {
      policyArns.add(r.string());
    }
    int tagCount = r.count();
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < tagCount; i++) {
      tags.put(r.string(), r.string());
    }
    int transitiveCount = r.count();
    Set<String> transitive = new LinkedHashSet<>();
    for (int i = 0; i < transitiveCount; i++) {
      transitive.add(r.string());
    }
    if (!r.atEnd()) {
      throw new Malformed("trailing bytes after the claims");
    }
    return new SessionClaims(
        accessKeyId,
        secret,
        accountId,
        subject,
        issuedAt,
        expiresAt,
        sourceIdentity,
        sessionPolicy,
        policyArns,
        tags,
        transitive);
  }

  /** Flags byte {@link #DEFLATED} and the raw deflate stream of {@code in[offset, +length)}. */
  private static byte[] deflate(byte[] in, int offset, int length) {
    // Raw deflate (no zlib header or checksum): GCM already authenticates every byte. Fastest
    // level: on a 2 KB policy it was 9 bytes larger than the best and a quarter cheaper. A fresh
    // Deflater each time, because a cached one per thread would pin ~256 KB of native memory.
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(in, offset, length);
      deflater.finish();
      byte[] out = new byte[length + 64];
      out[0] = DEFLATED;
      int n = 1;
      while (!deflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        n += deflater.deflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] in, int offset, int length) throws Malformed {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(in, offset, length);
      byte[] out = new byte[Math.min(MAX_BODY, Math.max(256, length * 4))];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          if (out.length >= MAX_BODY) {
            throw new Malformed("claims inflate beyond the limit");
          }
          out = Arrays.copyOf(out, Math.min(MAX_BODY, out.length * 2));
        }
        int produced = inflater.inflate(out, n, out.length - n);
        if (produced == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new Malformed("truncated deflate stream");
        }
        n += produced;
      }
      if (inflater.getRemaining() != 0) {
        throw new Malformed("trailing bytes after the deflate stream");
      }
      return Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new Malformed("bad deflate stream");
    } finally {
      inflater.end();
    }
  }

  private static final class Writer {
    private byte[] buffer = new byte[512];
    private int length;

    private void ensure(int more) {
      if (length + more > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
      }
    }

    void u8(int v) {
      ensure(1);
      buffer[length++] = (byte) v;
    }

    void varint(int v) {
      ensure(5);
      int rest = v;
      while ((rest & ~0x7f) != 0) {
        buffer[length++] = (byte) ((rest & 0x7f) | 0x80);
        rest >>>= 7;
      }
      buffer[length++] = (byte) rest;
    }

    void bytes(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, buffer, length, b.length);
      length += b.length;
    }

    void string(String s) {
      byte[] b = s.getBytes(UTF_8);
      varint(b.length);
      bytes(b);
    }

    void instant(Instant t) {
      long seconds = t.getEpochSecond();
      ensure(12);
      for (int shift = 56; shift >= 0; shift -= 8) {
        buffer[length++] = (byte) (seconds >>> shift);
      }
      int nanos = t.getNano();
      for (int shift = 24; shift >= 0; shift -= 8) {
        buffer[length++] = (byte) (nanos >>> shift);
      }
    }
  }

  private static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in, int pos) {
      this.in = in;
      this.pos = pos;
    }

    boolean atEnd() {
      return pos == in.length;
    }

    int u8() throws Malformed {
      if (pos >= in.length) {
        throw new Malformed("claims end early");
      }
      return in[pos++] & 0xff;
    }

    int varint() throws Malformed {
      int value = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = u8();
        value |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          if (value < 0 || (shift == 28 && b > 0x07)) {
            throw new Malformed("varint out of range");
          }
          return value;
        }
      }
      throw new Malformed("varint too long");
    }

    /** A count of elements: each takes at least one byte, so never more than what remains. */
    int count() throws Malformed {
      int n = varint();
      if (n > in.length - pos) {
        throw new Malformed("count beyond the claims");
      }
      return n;
    }

    byte[] bytes(int n) throws Malformed {
      if (n > in.length - pos) {
        throw new Malformed("field beyond the claims");
      }
      byte[] out = Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return out;
    }

    String string() throws Malformed {
      int n = varint();
      if (n > in.length - pos) {
        throw new Malformed("string beyond the claims");
      }
      String s = new String(in, pos, n, UTF_8);
      pos += n;
      return s;
    }

    Instant instant() throws Malformed {
      long seconds = 0;
      for (int i = 0; i < 8; i++) {
        seconds = (seconds << 8) | u8();
      }
      int nanos = 0;
      for (int i = 0; i < 4; i++) {
        nanos = (nanos << 8) | u8();
      }
      if (nanos < 0 || nanos > 999_999_999) {
        throw new Malformed("nanosecond out of range");
      }
      if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
        throw new Malformed("instant out of range");
      }
      return Instant.ofEpochSecond(seconds, nanos);
    }
  }
}
