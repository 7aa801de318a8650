package dev.crossrole.policy.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The base condition operators of the IAM policy language, without qualifiers or IfExists. */
public enum ConditionOperator {
  STRING_EQUALS("StringEquals", Family.STRING, Comparison.EQUAL, false),
  STRING_NOT_EQUALS("StringNotEquals", Family.STRING, Comparison.EQUAL, true),
  STRING_EQUALS_IGNORE_CASE(
      "StringEqualsIgnoreCase", Family.STRING_IGNORE_CASE, Comparison.EQUAL, false),
  STRING_NOT_EQUALS_IGNORE_CASE(
      "StringNotEqualsIgnoreCase", Family.STRING_IGNORE_CASE, Comparison.EQUAL, true),
  STRING_LIKE("StringLike", Family.STRING_LIKE, Comparison.EQUAL, false),
  STRING_NOT_LIKE("StringNotLike", Family.STRING_LIKE, Comparison.EQUAL, true),
  NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, Comparison.EQUAL, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, Comparison.EQUAL, true),
  NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, Comparison.LESS, false),
  NUMERIC_LESS_THAN_EQUALS(
      "NumericLessThanEquals", Family.NUMERIC, Comparison.LESS_OR_EQUAL, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, Comparison.GREATER, false),
  NUMERIC_GREATER_THAN_EQUALS(
      "NumericGreaterThanEquals", Family.NUMERIC, Comparison.GREATER_OR_EQUAL, false),
  DATE_EQUALS("DateEquals", Family.DATE, Comparison.EQUAL, false),
  DATE_NOT_EQUALS("DateNotEquals", Family.DATE, Comparison.EQUAL, true),
  DATE_LESS_THAN("DateLessThan", Family.DATE, Comparison.LESS, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, Comparison.LESS_OR_EQUAL, false),
  DATE_GREATER_THAN("DateGreaterThan", Family.DATE, Comparison.GREATER, false),
  DATE_GREATER_THAN_EQUALS(
      "DateGreaterThanEquals", Family.DATE, Comparison.GREATER_OR_EQUAL, false),
  BOOL("Bool", Family.BOOL, Comparison.EQUAL, false),
  BINARY_EQUALS("BinaryEquals", Family.BINARY, Comparison.EQUAL, false),
  IP_ADDRESS("IpAddress", Family.IP, Comparison.EQUAL, false),
  NOT_IP_ADDRESS("NotIpAddress", Family.IP, Comparison.EQUAL, true),
  ARN_EQUALS("ArnEquals", Family.ARN, Comparison.EQUAL, false),
  ARN_LIKE("ArnLike", Family.ARN, Comparison.EQUAL, false),
  ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, Comparison.EQUAL, true),
  ARN_NOT_LIKE("ArnNotLike", Family.ARN, Comparison.EQUAL, true),
  NULL("Null", Family.NULL, Comparison.EQUAL, false);

  /** How values of an operator are read and compared. */
  public enum Family {
    STRING,
    STRING_IGNORE_CASE,
    STRING_LIKE,
    NUMERIC,
    DATE,
    BOOL,
    BINARY,
    IP,
    ARN,
    NULL;

    /** Whether policy variables may appear in values of this family. */
    public boolean allowsVariables() {
      return this == STRING || this == STRING_IGNORE_CASE || this == STRING_LIKE || this == ARN;
    }
  }

  /** The comparison a value test makes, before a negated operator inverts the outcome. */
  public enum Comparison {
    EQUAL,
    LESS,
    LESS_OR_EQUAL,
    GREATER,
    GREATER_OR_EQUAL;

    /** Applies the comparison to the sign of {@code request.compareTo(policy)}. */
    public boolean holds(int sign) {
      return switch (this) {
        case EQUAL -> sign == 0;
        case LESS -> sign < 0;
        case LESS_OR_EQUAL -> sign <= 0;
        case GREATER -> sign > 0;
        case GREATER_OR_EQUAL -> sign >= 0;
      };
    }
  }

  private static final Map<String, ConditionOperator> BY_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(o -> o.text, Function.identity()));

  private final String text;
  private final Family family;
  private final Comparison comparison;
  private final boolean negated;

  ConditionOperator(String text, Family family, Comparison comparison, boolean negated) {
    this.text = text;
    this.family = family;
    this.comparison = comparison;
    this.negated = negated;
  }

  /** The operator with this exact (case-sensitive) name. */
  public static Optional<ConditionOperator> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The operator's name as written in policies. */
  public String text() {
    return text;
  }

  public Family family() {
    return family;
  }

  public Comparison comparison() {
    return comparison;
  }

  /** Whether the operator is a negation ({@code StringNotEquals}, {@code NotIpAddress}, …). */
  public boolean negated() {
    return negated;
  }
}
