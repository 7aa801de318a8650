package dev.crossrole.policy.internal.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crossrole.policy.PolicyVersion;
import dev.crossrole.policy.internal.PolicyElements;

/** The top level: known elements only, a Version IAM knows, and at least one statement. */
final class DocumentRule implements Rule {

  @Override
  public void check(LintContext c) {
    c.root
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!PolicyElements.DOCUMENT.contains(name)) {
                c.findings.document(
                    Check.INVALID_POLICY_ELEMENT,
                    "\""
                        + name
                        + "\" is not a policy element; the top level holds only Version, Id and"
                        + " Statement (names are case-sensitive).",
                    Paths.child("", name));
              }
            });
    version(c);
    JsonNode statement = c.root.path("Statement");
    if (statement.isMissingNode()) {
      c.findings.document(
          Check.MISSING_STATEMENT, "Add a Statement element to the policy.", "Statement");
    } else if (statement.isArray() && statement.isEmpty()) {
      c.findings.document(
          Check.MISSING_STATEMENT,
          "The Statement array is empty: the policy grants and denies nothing. Add a statement.",
          "Statement");
    }
  }

  private static void version(LintContext c) {
    JsonNode version = c.root.path("Version");
    if (version.isMissingNode()) {
      c.findings.document(
          Check.MISSING_VERSION,
          "Add \"Version\": \"2012-10-17\". Without it the policy is read as version 2008-10-17,"
              + " in which policy variables such as ${aws:username} are literal text.",
          "Version");
    } else if (!version.isTextual() || PolicyVersion.of(version.textValue()).isEmpty()) {
      c.findings.document(
          Check.INVALID_VERSION,
          "The Version must be \"2012-10-17\" (or the older \"2008-10-17\"); it is not a date of"
              + " your choosing.",
          "Version");
    }
  }
}
