package dev.crossrole.policy;

import dev.crossrole.policy.internal.ArnPattern;
import dev.crossrole.policy.internal.ConditionOperator;
import dev.crossrole.policy.internal.ConditionOperator.Family;
import dev.crossrole.policy.internal.Glob;
import dev.crossrole.policy.internal.Instants;
import dev.crossrole.policy.internal.IpRange;
import dev.crossrole.policy.internal.Template;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One test of a Condition block: an operator (with its {@code ForAllValues:}/{@code ForAnyValue:}
 * qualifier and {@code IfExists} suffix), a key, and the values it accepts. Values are compiled
 * when the policy is read, so evaluation parses only what the request brings.
 */
public final class Condition {
  /** A set operator qualifying how a multivalued key is compared. */
  public enum SetQualifier {
    NONE(""),
    FOR_ALL_VALUES("ForAllValues:"),
    FOR_ANY_VALUE("ForAnyValue:");

    private final String prefix;

    SetQualifier(String prefix) {
      this.prefix = prefix;
    }

    /** The prefix as written, such as {@code ForAllValues:}. */
    public String prefix() {
      return prefix;
    }
  }

  private final String operatorText;
  private final ConditionOperator operator;
  private final SetQualifier qualifier;
  private final boolean ifExists;
  private final String key;
  private final String lowerCaseKey;
  private final List<String> values;
  private final Object[] compiled;
  private final boolean hasVariables;

  private Condition(
      String operatorText,
      ConditionOperator operator,
      SetQualifier qualifier,
      boolean ifExists,
      String key,
      List<String> values,
      Object[] compiled) {
    this.operatorText = operatorText;
    this.operator = operator;
    this.qualifier = qualifier;
    this.ifExists = ifExists;
    this.key = key;
    this.lowerCaseKey = key.toLowerCase(Locale.ROOT);
    this.values = List.copyOf(values);
    this.compiled = compiled;
    boolean variables = false;
    for (Object c : compiled) {
      variables |= c instanceof Template;
    }
    this.hasVariables = variables;
  }

  /**
   * Reads one operator/key/values triple.
   *
   * @throws PolicyValidationException for an unknown operator, a key without a vendor prefix, or a
   *     value the operator cannot read
   */
  static Condition of(String operatorText, String key, List<String> values, boolean variables) {
    SetQualifier qualifier = SetQualifier.NONE;
    String rest = operatorText;
    if (rest.startsWith(SetQualifier.FOR_ALL_VALUES.prefix())) {
      qualifier = SetQualifier.FOR_ALL_VALUES;
      rest = rest.substring(qualifier.prefix().length());
    } else if (rest.startsWith(SetQualifier.FOR_ANY_VALUE.prefix())) {
      qualifier = SetQualifier.FOR_ANY_VALUE;
      rest = rest.substring(qualifier.prefix().length());
    }
    boolean ifExists = rest.endsWith("IfExists");
    String base = ifExists ? rest.substring(0, rest.length() - "IfExists".length()) : rest;
    Optional<ConditionOperator> operator = ConditionOperator.named(base);
    if (operator.isEmpty() || (ifExists && operator.get() == ConditionOperator.NULL)) {
      throw PolicyValidationException.malformed(
          PolicyReader.SYNTAX + " Invalid Condition type : " + operatorText);
    }
    if (key.isEmpty() || key.indexOf(':') <= 0) {
      throw PolicyValidationException.malformed(
          "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
    }
    if (values.isEmpty()) {
      throw PolicyValidationException.malformed(
          "Condition " + operatorText + " for key " + key + " has no values");
    }
    Object[] compiled = new Object[values.size()];
    for (int i = 0; i < compiled.length; i++) {
      compiled[i] = compile(operator.get(), operatorText, values.get(i), variables);
    }
    return new Condition(operatorText, operator.get(), qualifier, ifExists, key, values, compiled);
  }

  private static Object compile(
      ConditionOperator operator, String operatorText, String value, boolean variables) {
    Family family = operator.family();
    Optional<?> read =
        switch (family) {
          case STRING, STRING_IGNORE_CASE ->
              Optional.of(constantOrTemplate(family, Template.parse(value, variables, false)));
          case STRING_LIKE, ARN ->
              Optional.of(constantOrTemplate(family, Template.parse(value, variables, true)));
          case NUMERIC -> number(value);
          case DATE -> Instants.parse(value);
          case BOOL, NULL -> bool(value);
          case BINARY -> binary(value);
          case IP -> IpRange.parse(value);
        };
    // IAM's legacy pass refuses malformed dates; other operators' values are refused with the
    // syntax message, since they could never match anything.
    return read.orElseThrow(
        () ->
            PolicyValidationException.malformed(
                family == Family.DATE
                    ? PolicyReader.LEGACY
                    : PolicyReader.SYNTAX
                        + " Invalid value \""
                        + value
                        + "\" for condition operator "
                        + operatorText));
  }

  private static Object constantOrTemplate(Family family, Template template) {
    return template.hasVariables() ? template : matcher(family, template.constantCodes());
  }

  /** The ready-to-match form of a string or ARN value: a String, a Glob or an ArnPattern. */
  private static Object matcher(Family family, int[] codes) {
    return switch (family) {
      case STRING_LIKE -> Glob.ofCodes(codes, false);
      case ARN -> ArnPattern.compile(codes);
      default -> Template.text(codes);
    };
  }

  private static Optional<BigDecimal> number(String value) {
    try {
      return Optional.of(new BigDecimal(value.strip()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Boolean> bool(String value) {
    if (value.equalsIgnoreCase("true")) {
      return Optional.of(Boolean.TRUE);
    }
    return value.equalsIgnoreCase("false") ? Optional.of(Boolean.FALSE) : Optional.empty();
  }

  private static Optional<byte[]> binary(String value) {
    try {
      return Optional.of(Base64.getDecoder().decode(value.strip()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The operator as written, such as {@code ForAnyValue:StringLikeIfExists}. */
  public String operatorText() {
    return operatorText;
  }

  /** The base operator's name, such as {@code StringLike}. */
  public String operatorName() {
    return operator.text();
  }

  /** Whether the base operator is a negation such as {@code StringNotEquals}. */
  public boolean negated() {
    return operator.negated();
  }

  public SetQualifier qualifier() {
    return qualifier;
  }

  /** Whether the operator ends with {@code IfExists}. */
  public boolean ifExists() {
    return ifExists;
  }

  /** The key as written. */
  public String key() {
    return key;
  }

  /** The values as written (numbers and booleans as their JSON text). */
  public List<String> values() {
    return values;
  }

  /** Evaluates against a request; INVALID when a value's variable cannot be resolved. */
  Applicability evaluate(EvaluationScope scope) {
    List<String> requested = scope.values(lowerCaseKey);
    boolean missing = requested == null || requested.isEmpty();
    if (operator == ConditionOperator.NULL) {
      for (Object expected : compiled) {
        if ((Boolean) expected == missing) {
          return Applicability.YES;
        }
      }
      return Applicability.NO;
    }
    if (missing) {
      return Applicability.of(
          ifExists
              || qualifier == SetQualifier.FOR_ALL_VALUES
              || (qualifier == SetQualifier.NONE && operator.negated()));
    }
    Object[] policyValues = resolved(scope);
    if (policyValues == null) {
      return Applicability.INVALID;
    }
    Object[] typed = typedFamily() ? scope.parsedValues(operator.family(), requested) : null;
    boolean negated = operator.negated();
    int n = requested.size();
    switch (qualifier) {
      case FOR_ALL_VALUES:
        for (int i = 0; i < n; i++) {
          if (matchesAny(requested, typed, i, policyValues) == negated) {
            return Applicability.NO;
          }
        }
        return Applicability.YES;
      case FOR_ANY_VALUE:
        for (int i = 0; i < n; i++) {
          if (matchesAny(requested, typed, i, policyValues) != negated) {
            return Applicability.YES;
          }
        }
        return Applicability.NO;
      default:
        boolean any = false;
        for (int i = 0; i < n && !any; i++) {
          any = matchesAny(requested, typed, i, policyValues);
        }
        return Applicability.of(any != negated);
    }
  }

  /** Whether request values are read into a typed form (numbers, dates, addresses, bytes). */
  private boolean typedFamily() {
    Family f = operator.family();
    return f == Family.NUMERIC || f == Family.DATE || f == Family.IP || f == Family.BINARY;
  }

  /**
   * A request value of a typed family read once: a BigDecimal, epoch milliseconds, address bytes or
   * decoded bytes; null when it cannot be read (it then matches no policy value).
   */
  static Object readRequestValue(Family family, String value) {
    Optional<?> read =
        switch (family) {
          case NUMERIC -> number(value);
          case DATE -> Instants.parse(value);
          case IP -> IpRange.address(value.strip());
          case BINARY -> binary(value);
          default -> Optional.of(value);
        };
    return read.orElse(null);
  }

  /** The compiled values with variables substituted, or null when one cannot be resolved. */
  private Object[] resolved(EvaluationScope scope) {
    if (!hasVariables) {
      return compiled;
    }
    Object[] out = compiled;
    for (int i = 0; i < compiled.length; i++) {
      if (compiled[i] instanceof Template t) {
        Optional<int[]> codes = t.resolve(scope);
        if (codes.isEmpty()) {
          return null;
        }
        if (out == compiled) {
          out = Arrays.copyOf(compiled, compiled.length);
        }
        out[i] = matcher(operator.family(), codes.get());
      }
    }
    return out;
  }

  private boolean matchesAny(
      List<String> requested, Object[] typed, int index, Object[] policyValues) {
    if (typed != null && typed[index] == null) {
      return false;
    }
    for (Object expected : policyValues) {
      if (typed != null
          ? matchesTyped(typed[index], expected)
          : matches(requested.get(index), expected)) {
        return true;
      }
    }
    return false;
  }

  private boolean matches(String requested, Object expected) {
    return switch (operator.family()) {
      case STRING -> requested.equals(expected);
      case STRING_IGNORE_CASE -> requested.equalsIgnoreCase((String) expected);
      case STRING_LIKE -> ((Glob) expected).matches(requested);
      case ARN -> ((ArnPattern) expected).matches(requested);
      case BOOL -> requested.equalsIgnoreCase(expected.toString());
      default -> false;
    };
  }

  private boolean matchesTyped(Object requested, Object expected) {
    return switch (operator.family()) {
      case NUMERIC ->
          operator.comparison().holds(((BigDecimal) requested).compareTo((BigDecimal) expected));
      case DATE -> operator.comparison().holds(Long.compare((Long) requested, (Long) expected));
      case IP -> ((IpRange) expected).contains((byte[]) requested);
      case BINARY -> Arrays.equals((byte[]) requested, (byte[]) expected);
      default -> false;
    };
  }
}
