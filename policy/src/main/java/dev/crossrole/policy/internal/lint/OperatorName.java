package dev.crossrole.policy.internal.lint;

import dev.crossrole.policy.Condition.SetQualifier;
import dev.crossrole.policy.internal.ConditionOperator;
import java.util.Optional;

/**
 * A condition operator as written, split the way IAM reads it: an optional {@code ForAllValues:} or
 * {@code ForAnyValue:} qualifier, the base operator, and an optional {@code IfExists} suffix.
 *
 * @param text the operator as written
 * @param qualifier the set qualifier, NONE when absent
 * @param baseText the base operator's name as written, such as {@code StringEquals}
 * @param base the base operator, empty when the name is not one IAM knows
 * @param ifExists whether the name ends with {@code IfExists}
 */
record OperatorName(
    String text,
    SetQualifier qualifier,
    String baseText,
    Optional<ConditionOperator> base,
    boolean ifExists) {

  static OperatorName parse(String text) {
    SetQualifier qualifier = SetQualifier.NONE;
    String rest = text;
    for (SetQualifier q : SetQualifier.values()) {
      if (q != SetQualifier.NONE && rest.startsWith(q.prefix())) {
        qualifier = q;
        rest = rest.substring(q.prefix().length());
        break;
      }
    }
    boolean ifExists = rest.endsWith("IfExists");
    String baseText = ifExists ? rest.substring(0, rest.length() - "IfExists".length()) : rest;
    return new OperatorName(text, qualifier, baseText, ConditionOperator.named(baseText), ifExists);
  }

  boolean is(ConditionOperator operator) {
    return base.isPresent() && base.get() == operator;
  }

  boolean negated() {
    return base.isPresent() && base.get().negated();
  }

  /** Whether the operator may pass a request that lacks the key altogether. */
  boolean passesWhenKeyMissing() {
    return ifExists || qualifier == SetQualifier.FOR_ALL_VALUES || negated();
  }
}
