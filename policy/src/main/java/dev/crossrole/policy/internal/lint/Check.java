package dev.crossrole.policy.internal.lint;

import dev.crossrole.policy.Severity;

/**
 * Every check the linter runs, with its stable code and the severity IAM Access Analyzer gives the
 * same problem. Codes are kebab-case versions of Access Analyzer's issue codes where one exists
 * (its {@code PASS_ROLE_WITH_STAR_IN_RESOURCE} is {@code pass-role-with-star-in-resource}), so a
 * reader who knows one tool recognises the other.
 */
public enum Check {
  // The document as a whole.
  JSON_SYNTAX_ERROR("json-syntax-error", Severity.ERROR),
  UNSUPPORTED_CHARACTER("unsupported-character", Severity.ERROR),
  DUPLICATE_KEY("duplicate-key", Severity.ERROR),
  POLICY_SIZE_EXCEEDS_QUOTA("policy-size-exceeds-quota", Severity.WARNING),
  INVALID_VERSION("invalid-version", Severity.ERROR),
  MISSING_VERSION("missing-version", Severity.WARNING),
  VARIABLE_UNSUPPORTED_IN_VERSION("variable-unsupported-in-version", Severity.ERROR),
  MISSING_STATEMENT("missing-statement", Severity.ERROR),
  INVALID_POLICY_ELEMENT("invalid-policy-element", Severity.ERROR),
  // Statement elements.
  UNIQUE_SIDS_REQUIRED("unique-sids-required", Severity.ERROR),
  UNSUPPORTED_SID("unsupported-sid", Severity.ERROR),
  EMPTY_SID_VALUE("empty-sid-value", Severity.SUGGESTION),
  MISSING_EFFECT("missing-effect", Severity.ERROR),
  INVALID_EFFECT("invalid-effect", Severity.ERROR),
  UNSUPPORTED_ELEMENT_COMBINATION("unsupported-element-combination", Severity.ERROR),
  MISSING_ACTION("missing-action", Severity.ERROR),
  MISSING_RESOURCE("missing-resource", Severity.ERROR),
  EMPTY_ARRAY_ACTION("empty-array-action", Severity.SUGGESTION),
  EMPTY_ARRAY_RESOURCE("empty-array-resource", Severity.SUGGESTION),
  REDUNDANT_ACTION("redundant-action", Severity.SUGGESTION),
  REDUNDANT_RESOURCE("redundant-resource", Severity.SUGGESTION),
  REDUNDANT_STATEMENT("redundant-statement", Severity.SUGGESTION),
  // Principals.
  MISSING_PRINCIPAL("missing-principal", Severity.ERROR),
  UNSUPPORTED_PRINCIPAL("unsupported-principal", Severity.ERROR),
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL("unsupported-wildcard-in-principal", Severity.ERROR),
  WILDCARD_PRINCIPAL("wildcard-principal", Severity.SECURITY_WARNING),
  ALLOW_WITH_NOT_PRINCIPAL("allow-with-not-principal", Severity.SECURITY_WARNING),
  INVALID_ROLE_REFERENCE("invalid-role-reference", Severity.WARNING),
  INVALID_USER_REFERENCE("invalid-user-reference", Severity.WARNING),
  EMPTY_OBJECT_PRINCIPAL("empty-object-principal", Severity.SUGGESTION),
  EMPTY_ARRAY_PRINCIPAL("empty-array-principal", Severity.SUGGESTION),
  // Trust policies: the confused deputy.
  MISSING_EXTERNAL_ID("missing-external-id", Severity.SECURITY_WARNING),
  EXTERNAL_ID_IF_EXISTS("external-id-if-exists", Severity.SECURITY_WARNING),
  WEAK_EXTERNAL_ID("weak-external-id", Severity.SECURITY_WARNING),
  EXTERNAL_ID_NOT_STRING_EQUALS("external-id-not-string-equals", Severity.WARNING),
  // Conditions.
  INVALID_CONDITION_OPERATOR("invalid-condition-operator", Severity.ERROR),
  NULL_WITH_IF_EXISTS("null-with-if-exists", Severity.ERROR),
  NULL_WITH_QUALIFIER("null-with-qualifier", Severity.SUGGESTION),
  INVALID_CONDITION_KEY_FORMAT("invalid-condition-key-format", Severity.ERROR),
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE("duplicate-keys-with-different-case", Severity.ERROR),
  TYPE_MISMATCH_BOOLEAN("type-mismatch-boolean", Severity.ERROR),
  INVALID_CONDITION_MULTIPLE_BOOLEAN("invalid-condition-multiple-boolean", Severity.ERROR),
  EMPTY_OBJECT_CONDITION("empty-object-condition", Severity.SUGGESTION),
  EMPTY_ARRAY_CONDITION("empty-array-condition", Severity.SUGGESTION),
  WILDCARD_WITHOUT_LIKE_OPERATOR("wildcard-without-like-operator", Severity.WARNING),
  ALLOW_WITH_NEGATED_CONDITION("allow-with-negated-condition", Severity.WARNING),
  OVERLY_BROAD_CONDITION("overly-broad-condition", Severity.WARNING),
  FORALLVALUES_WITH_SINGLE_VALUED_KEY(
      "forallvalues-with-single-valued-key", Severity.SECURITY_WARNING),
  FORANYVALUE_WITH_SINGLE_VALUED_KEY("foranyvalue-with-single-valued-key", Severity.WARNING),
  // iam:PassRole.
  PASS_ROLE_WITH_STAR_IN_RESOURCE("pass-role-with-star-in-resource", Severity.SECURITY_WARNING),
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE(
      "pass-role-with-star-in-action-and-resource", Severity.SECURITY_WARNING),
  PASS_ROLE_WITH_NOT_RESOURCE("pass-role-with-not-resource", Severity.SECURITY_WARNING),
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE(
      "pass-role-with-star-in-action-and-not-resource", Severity.SECURITY_WARNING),
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION(
      "pass-role-with-star-in-resource-and-not-action", Severity.SECURITY_WARNING),
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE(
      "pass-role-with-not-action-and-not-resource", Severity.SECURITY_WARNING),
  // A check that failed on this input: a bug in the linter, reported rather than thrown.
  INTERNAL_ERROR("internal-error", Severity.ERROR);

  private final String code;
  private final Severity severity;

  Check(String code, Severity severity) {
    this.code = code;
    this.severity = severity;
  }

  /** The stable code findings of this check carry. */
  public String code() {
    return code;
  }

  /** The severity findings of this check usually carry; a few checks vary it by Effect. */
  public Severity severity() {
    return severity;
  }
}
