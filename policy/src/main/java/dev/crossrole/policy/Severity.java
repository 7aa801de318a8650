package dev.crossrole.policy;

/**
 * How serious a {@link Finding} is, in IAM Access Analyzer's four finding types. Declared most
 * severe first, so the natural order sorts the worst findings to the top.
 */
public enum Severity {
  /** IAM would refuse the document, or a part of it can never work as written. */
  ERROR("error"),
  /** The document grants more access than intended, or can be abused (confused deputy). */
  SECURITY_WARNING("security warning"),
  /** Valid but probably not what was meant. */
  WARNING("warning"),
  /** A cleaner way to write the same thing. */
  SUGGESTION("suggestion");

  private final String text;

  Severity(String text) {
    this.text = text;
  }

  /** The severity in words, as Access Analyzer writes it: {@code "security warning"}. */
  public String text() {
    return text;
  }
}
