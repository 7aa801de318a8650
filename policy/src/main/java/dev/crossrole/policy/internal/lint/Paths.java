package dev.crossrole.policy.internal.lint;

/**
 * Builds finding locations: element names joined by dots, array positions in brackets, as in {@code
 * Statement[0].Condition.StringEquals.sts:ExternalId}. A name that would make the path ambiguous
 * (one holding a dot, a bracket or a quote, or empty) is written as {@code ["name"]}.
 */
final class Paths {
  /** The location of findings about the whole document. */
  static final String DOCUMENT = "";

  private Paths() {}

  static String child(String parent, String name) {
    if (needsQuoting(name)) {
      return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  private static boolean needsQuoting(String name) {
    if (name.isEmpty()) {
      return true;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\\' || c < 0x20) {
        return true;
      }
    }
    return false;
  }
}
