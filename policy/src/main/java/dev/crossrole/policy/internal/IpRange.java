package dev.crossrole.policy.internal;

import java.util.Optional;

/**
 * An IPv4 or IPv6 CIDR block as the {@code IpAddress} operators take it. Addresses are parsed as
 * literals only: nothing here ever resolves a host name.
 */
public final class IpRange {
  private final byte[] network;
  private final int prefix;

  private IpRange(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Parses {@code 203.0.113.0/24}, {@code 2001:db8::/32} or a bare address (a /32 or /128). */
  public static Optional<IpRange> parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    Optional<byte[]> address = address(slash < 0 ? s : s.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int bits = address.get().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String p = s.substring(slash + 1);
      prefix = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c < '0' || c > '9' || i >= 3) {
          return Optional.empty();
        }
        prefix = prefix * 10 + (c - '0');
      }
      if (p.isEmpty()) {
        return Optional.empty();
      }
      if (prefix > bits) {
        return Optional.empty();
      }
    }
    return Optional.of(new IpRange(address.get(), prefix));
  }

  /** Whether the address {@code text} (IPv4, IPv6, or IPv4-mapped IPv6) lies in this block. */
  public boolean contains(String text) {
    Optional<byte[]> parsed = address(text.strip());
    return parsed.isPresent() && contains(parsed.get());
  }

  /** Whether the address bytes (4 or 16, IPv4-mapped IPv6 read as IPv4) lie in this block. */
  public boolean contains(byte[] address) {
    byte[] candidate = unmapped(address);
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (candidate[full] & mask) == (network[full] & mask);
  }

  private static byte[] unmapped(byte[] address) {
    if (address.length != 16) {
      return address;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return address;
      }
    }
    if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
      return address;
    }
    return new byte[] {address[12], address[13], address[14], address[15]};
  }

  /** Parses an address literal. */
  public static Optional<byte[]> address(String s) {
    return s.indexOf(':') >= 0 ? ipv6(s) : ipv4(s);
  }

  private static Optional<byte[]> ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return Optional.empty();
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return Optional.empty();
        }
      } else {
        return Optional.empty();
      }
    }
    return part == 4 ? Optional.of(out) : Optional.empty();
  }

  private static Optional<byte[]> ipv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return Optional.empty();
    }
    String head = doubleColon >= 0 ? s.substring(0, doubleColon) : s;
    String tail = doubleColon >= 0 ? s.substring(doubleColon + 2) : "";
    int[] headGroups = groups(head);
    int[] tailGroups = groups(tail);
    if (headGroups == null || tailGroups == null) {
      return Optional.empty();
    }
    int total = headGroups.length + tailGroups.length;
    if (doubleColon < 0 ? total != 8 : total > 7) {
      return Optional.empty();
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return Optional.of(out);
  }

  /** Hex groups of one side of a {@code ::}; a trailing dotted quad counts as two groups. */
  private static int[] groups(String side) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int last = parts.length - 1;
    boolean quad = parts[last].indexOf('.') >= 0;
    int[] out = new int[parts.length + (quad ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (i == last && quad) {
        Optional<byte[]> v4 = ipv4(p);
        if (v4.isEmpty()) {
          return null;
        }
        byte[] b = v4.get();
        out[i] = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        out[i + 1] = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = Character.digit(p.charAt(k), 16);
        if (d < 0) {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    return out;
  }
}
