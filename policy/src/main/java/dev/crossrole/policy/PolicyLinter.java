package dev.crossrole.policy;

import dev.crossrole.policy.internal.lint.Linter;
import java.util.List;
import java.util.Objects;

/**
 * Checks a policy document the way IAM Access Analyzer's policy validation does: errors (IAM would
 * refuse the document, or part of it cannot work), security warnings (it grants more than it seems
 * to, such as a trust policy open to a confused deputy), warnings and suggestions.
 *
 * <p>The checks read the raw JSON tree, so they also explain documents the parser refuses; and the
 * document is always read by {@link PolicyDocument#parse(String, Grammar)} as well, whose refusal
 * becomes an {@link Severity#ERROR} finding with the AWS error code ({@code
 * MalformedPolicyDocument}, …) and IAM's message. Text that is not JSON gives one {@code
 * json-syntax-error} finding and nothing else.
 *
 * <p>Every finding has a location: a path such as {@code
 * Statement[0].Condition.StringEquals.sts:ExternalId} or {@code Statement[1].Principal.AWS} (names
 * holding a dot or a bracket are written {@code ["name"]}; a lone statement object, not in an
 * array, is {@code Statement[0]}), {@code line L, column C} for problems in the text itself, or the
 * empty string for the document as a whole. Findings about the document come first, then those of
 * each statement in order, most severe first within a statement.
 *
 * <p>The codes are stable. Where Access Analyzer has the same check, the code is its issue code in
 * kebab case and the severity is the one it gives:
 *
 * <table>
 *   <caption>Codes and severities</caption>
 *   <tr><th>Code</th><th>Severity</th><th>Meaning</th></tr>
 *   <tr><td>{@code MalformedPolicyDocument}, {@code LimitExceeded}, {@code ValidationError}</td>
 *       <td>error</td><td>the policy reader refused the document, with IAM's message</td></tr>
 *   <tr><td>{@code json-syntax-error}</td><td>error</td><td>the text is not JSON</td></tr>
 *   <tr><td>{@code unsupported-character}</td><td>error</td>
 *       <td>a character outside what IAM accepts (tab, line breaks, U+0020 to U+00FF)</td></tr>
 *   <tr><td>{@code duplicate-key}</td><td>error</td><td>a key twice in one JSON object</td></tr>
 *   <tr><td>{@code policy-size-exceeds-quota}</td><td>warning</td>
 *       <td>larger than IAM's quota for a managed, trust or resource policy</td></tr>
 *   <tr><td>{@code invalid-version}</td><td>error</td><td>Version other than 2012-10-17 or
 *       2008-10-17</td></tr>
 *   <tr><td>{@code missing-version}</td><td>warning</td><td>no Version element</td></tr>
 *   <tr><td>{@code variable-unsupported-in-version}</td><td>error</td>
 *       <td>{@code ${...}} in a 2008-10-17 (or version-less) policy, where it is literal text;
 *       Access Analyzer rates this an error because the value cannot match what was meant</td></tr>
 *   <tr><td>{@code missing-statement}</td><td>error</td><td>no Statement, or an empty one</td></tr>
 *   <tr><td>{@code invalid-policy-element}</td><td>error</td>
 *       <td>an unknown element, or Resource in a trust policy</td></tr>
 *   <tr><td>{@code unique-sids-required}</td><td>error</td><td>two statements with one Sid</td></tr>
 *   <tr><td>{@code unsupported-sid}</td><td>error</td>
 *       <td>a Sid with characters other than letters and digits (identity and trust)</td></tr>
 *   <tr><td>{@code empty-sid-value}</td><td>suggestion</td><td>{@code "Sid": ""}</td></tr>
 *   <tr><td>{@code missing-effect}, {@code invalid-effect}</td><td>error</td>
 *       <td>Effect absent, or not exactly Allow or Deny</td></tr>
 *   <tr><td>{@code unsupported-element-combination}</td><td>error</td>
 *       <td>Action with NotAction, Resource with NotResource, Principal with NotPrincipal</td></tr>
 *   <tr><td>{@code missing-action}, {@code missing-resource}, {@code missing-principal}</td>
 *       <td>error</td><td>a required element is absent (Resource in identity policies,
 *       Principal in trust and resource policies)</td></tr>
 *   <tr><td>{@code unsupported-principal}</td><td>error</td>
 *       <td>Principal or NotPrincipal in an identity policy</td></tr>
 *   <tr><td>{@code unsupported-wildcard-in-principal}</td><td>error</td>
 *       <td>a wildcard inside a principal value (only a whole {@code "*"} is allowed)</td></tr>
 *   <tr><td>{@code wildcard-principal}</td><td>security warning</td>
 *       <td>an Allow for {@code "*"} or {@code {"AWS": "*"}} in a trust or resource policy with no
 *       condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn,
 *       aws:SourceArn, aws:SourceAccount or similar keys; a warning, not an error, even in an
 *       unconditioned trust policy, since IAM accepts it and it works as written</td></tr>
 *   <tr><td>{@code allow-with-not-principal}</td><td>security warning</td>
 *       <td>Allow with NotPrincipal</td></tr>
 *   <tr><td>{@code invalid-role-reference}, {@code invalid-user-reference}</td><td>warning</td>
 *       <td>a principal written as a role or user unique ID (AROA…, AIDA…)</td></tr>
 *   <tr><td>{@code empty-object-principal}, {@code empty-array-principal}</td>
 *       <td>suggestion</td><td>a principal element that names no one</td></tr>
 *   <tr><td>{@code missing-external-id}</td><td>security warning</td>
 *       <td>trust policy: an Allow of sts:AssumeRole to an AWS principal (account, root, user,
 *       role, session or {@code "*"}) with no condition on sts:ExternalId: a confused deputy risk
 *       when the principal is a third party or another account acting for several customers
 *       (the document does not say which account the role is in, so every AWS principal is
 *       checked)</td></tr>
 *   <tr><td>{@code external-id-if-exists}</td><td>security warning</td>
 *       <td>sts:ExternalId tested only with an IfExists operator: a request without one passes</td>
 *       </tr>
 *   <tr><td>{@code weak-external-id}</td><td>security warning</td>
 *       <td>sts:ExternalId tested by a negated, ForAllValues, Null or wildcard test that does not
 *       require one exact value</td></tr>
 *   <tr><td>{@code external-id-not-string-equals}</td><td>warning</td>
 *       <td>sts:ExternalId required, but not by the documented plain StringEquals (for instance
 *       StringEqualsIgnoreCase or ForAnyValue:StringEquals)</td></tr>
 *   <tr><td>{@code invalid-condition-operator}</td><td>error</td>
 *       <td>an operator IAM does not know (names are case-sensitive)</td></tr>
 *   <tr><td>{@code null-with-if-exists}</td><td>error</td><td>{@code NullIfExists}</td></tr>
 *   <tr><td>{@code null-with-qualifier}</td><td>suggestion</td>
 *       <td>Null with ForAllValues or ForAnyValue, which always return true or false</td></tr>
 *   <tr><td>{@code invalid-condition-key-format}</td><td>error</td>
 *       <td>a condition key without a service prefix</td></tr>
 *   <tr><td>{@code duplicate-keys-with-different-case}</td><td>error</td>
 *       <td>one condition key twice in an operator block, spelled with different capitals</td></tr>
 *   <tr><td>{@code type-mismatch-boolean}</td><td>error</td>
 *       <td>a Bool or Null value other than true or false (the reader refuses it)</td></tr>
 *   <tr><td>{@code invalid-condition-multiple-boolean}</td><td>error</td>
 *       <td>Bool with several values</td></tr>
 *   <tr><td>{@code empty-object-condition}, {@code empty-array-condition}</td>
 *       <td>suggestion</td><td>a condition block, operator or value list that is empty</td></tr>
 *   <tr><td>{@code wildcard-without-like-operator}</td><td>warning</td>
 *       <td>* or ? in a StringEquals-family value, where they are literal</td></tr>
 *   <tr><td>{@code allow-with-negated-condition}</td><td>warning</td>
 *       <td>a negated operator (StringNotEquals, ArnNotLike, NotIpAddress, …) in an Allow: it
 *       matches every other value, and usually requests without the key too</td></tr>
 *   <tr><td>{@code overly-broad-condition}</td><td>warning</td>
 *       <td>a StringLike or Arn operator in an Allow whose value is only wildcards and separators
 *       ({@code *}, {@code arn:aws:*:*:*:*})</td></tr>
 *   <tr><td>{@code forallvalues-with-single-valued-key}</td><td>security warning in an Allow,
 *       warning in a Deny</td><td>ForAllValues on a single-valued key such as aws:username,
 *       sts:ExternalId, aws:PrincipalArn or aws:SourceIp: it also passes when the key is
 *       absent</td></tr>
 *   <tr><td>{@code foranyvalue-with-single-valued-key}</td><td>warning</td>
 *       <td>ForAnyValue on a single-valued key</td></tr>
 *   <tr><td>{@code pass-role-with-star-in-resource},
 *       {@code pass-role-with-star-in-action-and-resource}, {@code pass-role-with-not-resource},
 *       {@code pass-role-with-star-in-action-and-not-resource},
 *       {@code pass-role-with-star-in-resource-and-not-action},
 *       {@code pass-role-with-not-action-and-not-resource}</td><td>security warning</td>
 *       <td>an Allow of iam:PassRole (by name, by a wildcard such as {@code iam:*} or {@code *},
 *       or by NotAction) on every role ({@code *}, {@code arn:aws:iam::*:role/*}, or
 *       NotResource) without an iam:PassedToService condition</td></tr>
 *   <tr><td>{@code empty-array-action}, {@code empty-array-resource}</td><td>suggestion</td>
 *       <td>an empty Action or Resource list</td></tr>
 *   <tr><td>{@code redundant-action}, {@code redundant-resource}, {@code redundant-statement}</td>
 *       <td>suggestion</td><td>a value another value of its list already covers; a statement
 *       that repeats an earlier one</td></tr>
 *   <tr><td>{@code internal-error}</td><td>error</td>
 *       <td>a check failed on this input: a linter bug, reported instead of thrown</td></tr>
 * </table>
 */
public final class PolicyLinter {
  private PolicyLinter() {}

  /**
   * Lints {@code json} as a policy attached where {@code grammar} says. Never throws for any text:
   * every problem, malformed JSON included, comes back as a finding.
   *
   * @return the findings in report order; empty when there is nothing to say
   */
  public static List<Finding> lint(String json, Grammar grammar) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(grammar, "grammar");
    return Linter.lint(json, grammar);
  }
}
