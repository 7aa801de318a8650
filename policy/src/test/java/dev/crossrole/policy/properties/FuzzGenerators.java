package dev.crossrole.policy.properties;

import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import dev.crossrole.policy.properties.PolicyGenerators.Lexer;
import dev.crossrole.policy.properties.PolicyGenerators.Tok;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Inputs for fuzzing the policy reader and the evaluator, drawn from jqwik's seeded source of
 * randomness: random JSON values, policy-shaped JSON whose fields hold random or near-valid values,
 * mutations of valid policies (token and character edits, type changes, deep nesting, huge numbers,
 * unicode and control characters, duplicate keys, {@code ${} fragments, very long strings), and
 * requests with odd condition values.
 */
final class FuzzGenerators {
  private FuzzGenerators() {}

  static final List<String> FIELD_NAMES =
      List.of(
          "Version",
          "Id",
          "Statement",
          "Sid",
          "Effect",
          "Principal",
          "NotPrincipal",
          "Action",
          "NotAction",
          "Resource",
          "NotResource",
          "Condition",
          "AWS",
          "Service",
          "Federated",
          "CanonicalUser",
          "version",
          "statement",
          "Unknown",
          "");

  static final List<String> OPERATORS =
      List.of(
          "StringEquals",
          "StringNotEquals",
          "StringEqualsIgnoreCase",
          "StringNotEqualsIgnoreCase",
          "StringLike",
          "StringNotLike",
          "NumericEquals",
          "NumericNotEquals",
          "NumericLessThan",
          "NumericLessThanEquals",
          "NumericGreaterThan",
          "NumericGreaterThanEquals",
          "DateEquals",
          "DateNotEquals",
          "DateLessThan",
          "DateLessThanEquals",
          "DateGreaterThan",
          "DateGreaterThanEquals",
          "Bool",
          "BinaryEquals",
          "IpAddress",
          "NotIpAddress",
          "ArnEquals",
          "ArnLike",
          "ArnNotEquals",
          "ArnNotLike",
          "Null",
          "StringLikeIfExists",
          "DateGreaterThanIfExists",
          "ForAllValues:StringLike",
          "ForAnyValue:DateLessThan",
          "ForAnyValue:NumericEqualsIfExists",
          "ForAllValues:Null",
          "NullIfExists",
          "IfExists",
          "ForAnyValue:",
          "stringequals",
          "StringEqualsIfExistsIfExists");

  /** The operators above that IAM accepts (the last five are invalid). */
  static final List<String> VALID_OPERATORS = OPERATORS.subList(0, OPERATORS.size() - 5);

  static final List<String> CONDITION_KEYS =
      List.of(
          "aws:CurrentTime",
          "aws:EpochTime",
          "aws:SourceIp",
          "aws:username",
          "aws:PrincipalArn",
          "aws:PrincipalTag/team",
          "aws:TagKeys",
          "aws:MultiFactorAuthPresent",
          "s3:max-keys",
          "sts:ExternalId",
          "aws:RequestTag/env",
          "noVendor",
          ":x",
          "");

  /** Values that sit on the edges of what the operators read. */
  static final List<String> ODD_VALUES =
      List.of(
          "",
          " ",
          "*",
          "?",
          "2012-10-17",
          "2008-10-17",
          "Allow",
          "Deny",
          "allow",
          "DENY",
          "s3:GetObject",
          "s3:*",
          "s3",
          "s3:Get:Object",
          ":GetObject",
          "*:*",
          "sts:AssumeRole",
          "arn:aws:s3:::bucket/*",
          "arn:aws:iam::111111111111:role/R",
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam:us-east-1:111111111111:role/R",
          "arn:aws:iam::111111111111:thing/x",
          "arn:aws:iam::${aws:PrincipalAccount}:role/*",
          "arn:foo:s3:::x",
          "arn",
          "arn:",
          "arn:aws",
          "arn::::::",
          "111111111111",
          "AIDAEXAMPLEEXAMPLE12",
          "ecr.amazonaws.com",
          "${aws:username}",
          "${",
          "${}",
          "${*}",
          "${?}",
          "${$}",
          "${aws:PrincipalTag/team, 'build'}",
          "${aws:x, 'unterminated}",
          "}${",
          "+999999999-12-31T23:59:59Z",
          "-999999999-01-01T00:00",
          "+300000000-01-01",
          "2024-02-30T00:00:00Z",
          "2024-05-01T12:00Z",
          "2024-05-01",
          "999999999999999",
          "9999999999999999",
          "1E+999999999",
          "-0",
          "NaN",
          "Infinity",
          "0x10",
          "203.0.113.0/24",
          "203.0.113.7",
          "::/0",
          "::ffff:203.0.113.7",
          "2001:db8::/129",
          "1.2.3.4/٣٢",
          "1.2.3.4::",
          "::1.2.3.4",
          "1:2:3:4:5:6:7:8:9",
          "dGVzdA==",
          "not base64!",
          "true",
          "TRUE",
          "Ā",
          "😀",
          "\u0000",
          "\u001f",
          "\u2028",
          "\ud800",
          "\udc00x",
          "é\u00ff",
          "a\"b\\c");

  /** Values by the type an operator reads, with the edges of each type. */
  static final List<List<String>> TYPED_VALUES =
      List.of(
          List.of(
              "2024-05-01T12:00:00Z",
              "2024-05-01T12:00:00.123+02:00",
              "2024-05-01T12:00Z",
              "2024-05-01",
              "1714564800",
              "999999999999999",
              "9999999999999999",
              "+300000000-01-01",
              "+999999999-12-31T23:59:59Z",
              "-999999999-01-01T00:00",
              "-292275055-05-16T16:47:04.192Z",
              "+292278994-08-17T07:12:55.807Z",
              "2024-13-01",
              "٢٠٢٤"),
          List.of(
              "0",
              "-0",
              "1.5",
              "1e3",
              "1E+999999999",
              "-1e-999999999",
              "99999999999999999999",
              " 7 ",
              "NaN",
              "0x1F",
              "١٢"),
          List.of(
              "203.0.113.0/24",
              "203.0.113.7",
              "0.0.0.0/0",
              "::/0",
              "2001:db8::/32",
              "::ffff:203.0.113.7",
              "2001:db8::/129",
              "1.2.3.4/33",
              "1.2.3.4/٣٢",
              "256.1.1.1",
              "1.2.3",
              "1:2:3:4:5:6:7:8",
              "1::2::3",
              "::1.2.3.4",
              "fe80::1%eth0",
              "ＡＢ::1"),
          List.of("dGVzdA==", "dGVzdA", "====", "not base64!", ""),
          List.of("true", "false", "TRUE", "yes", "1"),
          List.of(
              "arn:aws:iam::111111111111:role/*",
              "arn:*:*:*:*:*",
              "arn:aws:iam::111111111111",
              "arn",
              "*:*:*:*:*:*:*:*",
              "${aws:PrincipalArn}",
              "${aws:username}*"));

  /** A value: mostly of one of the typed families, else odd or random. */
  static String oddValue(Random r) {
    return switch (r.nextInt(5)) {
      case 0, 1 -> pick(r, pick(r, TYPED_VALUES));
      case 2 -> randomText(r, 8);
      default -> pick(r, ODD_VALUES);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Plain random text.

  static Arbitrary<String> randomStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(64),
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789.eE-+ \t\nrutfalsn\\/*$")
            .ofMaxLength(120),
        Arbitraries.strings().ascii().ofMaxLength(80),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(80));
  }

  // ---------------------------------------------------------------------------------------------
  // Random JSON.

  static Arbitrary<String> randomJson() {
    return Arbitraries.randomValue(r -> json(r, r.nextInt(6)));
  }

  static String json(Random r, int depth) {
    int kind = depth <= 0 ? r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> string(r);
      case 1 -> number(r);
      case 2 -> pick(r, List.of("true", "false", "null"));
      case 3 -> r.nextBoolean() ? string(r) : number(r);
      case 4 -> {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          b.append(i > 0 ? "," : "").append(json(r, depth - 1));
        }
        yield b.append(']').toString();
      }
      default -> {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          String key =
              r.nextInt(3) == 0
                  ? randomText(r, 6)
                  : pick(r, r.nextBoolean() ? FIELD_NAMES : OPERATORS);
          b.append(i > 0 ? "," : "").append(quote(key)).append(':').append(json(r, depth - 1));
        }
        yield b.append('}').toString();
      }
    };
  }

  static String string(Random r) {
    return quote(r.nextInt(3) == 0 ? randomText(r, 10) : pick(r, ODD_VALUES));
  }

  static String number(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> Integer.toString(r.nextInt());
      case 1 -> Long.toString(r.nextLong());
      case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      case 3 -> "1" + "0".repeat(r.nextInt(1200));
      default ->
          pick(
              r,
              List.of(
                  "0",
                  "-0",
                  "0.0",
                  "1e5",
                  "1E-7",
                  "-1.5e+3",
                  "1e400",
                  "-1e-400",
                  "1e999999999",
                  "1e2147483648",
                  "123456789012345678901234567890",
                  "0.0000000000000000001",
                  "1485648000",
                  "1485648000000"));
    };
  }

  static String randomText(Random r, int maxLength) {
    int n = r.nextInt(maxLength + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(
          switch (r.nextInt(4)) {
            case 0 -> (char) r.nextInt(0x20);
            case 1 -> (char) (0x80 + r.nextInt(0x80));
            case 2 -> (char) r.nextInt(0x10000);
            default -> (char) (0x20 + r.nextInt(0x5f));
          });
    }
    return b.toString();
  }

  static String quote(String s) {
    return Lexer.quote(s, null, false);
  }

  static <T> T pick(Random r, List<T> options) {
    return options.get(r.nextInt(options.size()));
  }

  // ---------------------------------------------------------------------------------------------
  // Policy-shaped JSON: the right field names, values that are often nearly right.

  static Arbitrary<String> policyShaped() {
    return Arbitraries.randomValue(FuzzGenerators::policyShaped);
  }

  static String policyShaped(Random r) {
    // How odd the fields are, in per cent: from near-valid documents to mostly odd ones.
    int odd = pick(r, List.of(0, 2, 5, 10, 25));
    Grammar flavour = pick(r, List.of(Grammar.values()));
    List<String> members = new ArrayList<>();
    if (!odd(r, odd) || r.nextBoolean()) {
      members.add(
          member(
              "Version",
              odd(r, odd)
                  ? (r.nextBoolean() ? json(r, 1) : quote(pick(r, List.of("2012-10-18", ""))))
                  : quote(pick(r, List.of("2012-10-17", "2012-10-17", "2008-10-17")))));
    }
    if (r.nextInt(4) == 0) {
      members.add(member("Id", odd(r, odd) ? json(r, 1) : quote(oddValue(r))));
    }
    if (!odd(r, odd)) {
      int n = 1 + r.nextInt(3);
      List<String> statements = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        statements.add(odd(r, odd) ? json(r, 2) : statementShaped(r, flavour, odd, i));
      }
      String value =
          n == 1 && r.nextBoolean() ? statements.get(0) : "[" + String.join(",", statements) + "]";
      members.add(member("Statement", value));
    }
    if (odd(r, odd)) {
      members.add(member(pick(r, FIELD_NAMES), json(r, 1)));
    }
    java.util.Collections.shuffle(members, r);
    return "{" + String.join(",", members) + "}";
  }

  private static boolean odd(Random r, int percent) {
    return r.nextInt(100) < percent;
  }

  /** A statement of the grammar {@code flavour}; each field is odd with {@code odd} per cent. */
  private static String statementShaped(Random r, Grammar flavour, int odd, int index) {
    List<String> members = new ArrayList<>();
    if (r.nextInt(3) == 0) {
      members.add(
          member(
              "Sid",
              odd(r, odd)
                  ? (r.nextBoolean() ? json(r, 1) : quote(pick(r, List.of("S 1", "S-1", "S1"))))
                  : quote(pick(r, List.of("S", "Sid", "")) + index)));
    }
    if (!odd(r, odd)) {
      members.add(
          member(
              "Effect",
              odd(r, odd)
                  ? (r.nextBoolean() ? json(r, 1) : quote(pick(r, List.of("allow", "Permit", ""))))
                  : quote(pick(r, List.of("Allow", "Deny")))));
    }
    boolean principal = flavour != Grammar.IDENTITY ? !odd(r, odd) : odd(r, odd);
    if (principal) {
      boolean negated = flavour == Grammar.RESOURCE ? r.nextInt(6) == 0 : odd(r, odd);
      members.add(member(negated ? "NotPrincipal" : "Principal", principalShaped(r, flavour, odd)));
    }
    if (!odd(r, odd)) {
      members.add(
          member(
              r.nextInt(6) == 0 ? "NotAction" : "Action",
              stringsShaped(
                  r, flavour == Grammar.TRUST ? TRUST_ACTIONS : ACTIONS, ODD_ACTIONS, odd)));
    }
    boolean resource =
        switch (flavour) {
          case IDENTITY -> !odd(r, odd);
          case RESOURCE -> r.nextInt(4) != 0;
          case TRUST -> odd(r, odd);
        };
    if (resource) {
      members.add(
          member(
              r.nextInt(6) == 0 ? "NotResource" : "Resource",
              stringsShaped(r, RESOURCES, ODD_RESOURCES, odd)));
    }
    if (r.nextInt(3) != 0) {
      members.add(member("Condition", conditionShaped(r, odd)));
    }
    if (odd(r, odd)) {
      members.add(member(pick(r, FIELD_NAMES), json(r, 1)));
    }
    java.util.Collections.shuffle(members, r);
    return "{" + String.join(",", members) + "}";
  }

  private static final List<String> ACTIONS =
      List.of(
          "*",
          "s3:GetObject",
          "s3:Get*",
          "sts:AssumeRole",
          "sts:*",
          "ecr:*",
          "iam:PassRole",
          "ecr:Put?mage",
          "STS:ASSUMEROLE");

  private static final List<String> TRUST_ACTIONS =
      List.of("sts:AssumeRole", "sts:TagSession", "sts:*", "sts:AssumeRoleWithWebIdentity");

  private static final List<String> ODD_ACTIONS =
      List.of("s3", "s3:", ":x", "s3:Get:Object", "s 3:x", "*:*", "s3:Get Object", "s*:Get", "");

  private static final List<String> RESOURCES =
      List.of(
          "*",
          "arn:aws:s3:::bucket/*",
          "arn:aws:iam::111111111111:role/R",
          "arn:aws:iam::*:user/${aws:username}",
          "arn:aws:ecr:us-east-1:111111111111:repository/app",
          "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'x'}/*",
          "arn:*:ecr:*:*:repository/*");

  private static final List<String> ODD_RESOURCES =
      List.of(
          "arn:aws:iam:us-east-1:111111111111:role/R",
          "arn:aws:iam::111111111111:thing/x",
          "arn:aws:iam::${aws:PrincipalAccount}:role/*",
          "arn:foo:s3:::x",
          "arn",
          "arn:aws",
          "arn:aws:s3",
          "arn:aws:s3:::",
          "arn::s3:::x",
          "bucket",
          "");

  private static final List<String> PRINCIPALS =
      List.of(
          "*",
          "111111111111",
          "arn:aws:iam::111111111111:root",
          "arn:aws:iam::111111111111:user/builder",
          "arn:aws:iam::111111111111:role/path/R",
          "arn:aws:sts::111111111111:assumed-role/R/s",
          "arn:aws:sts::111111111111:federated-user/bob",
          "AIDAEXAMPLEEXAMPLE12",
          "ecr.amazonaws.com",
          "accounts.google.com",
          "arn:aws:iam::1:root",
          "arn:aws:iam::111111111111:group/g",
          "",
          "Everyone");

  private static String principalShaped(Random r, Grammar flavour, int odd) {
    if (odd(r, odd)) {
      return r.nextBoolean() ? json(r, 2) : quote(pick(r, List.of("AWS", "", "111111111111")));
    }
    if (flavour == Grammar.RESOURCE && r.nextInt(5) == 0) {
      return quote("*");
    }
    List<String> members = new ArrayList<>();
    int n = 1 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      String type =
          odd(r, odd)
              ? pick(r, List.of("X", "aws", ""))
              : pick(r, List.of("AWS", "AWS", "AWS", "Service", "Federated", "CanonicalUser"));
      if (members.stream().noneMatch(m -> m.startsWith(quote(type) + ":"))) {
        List<String> valid =
            switch (type) {
              case "Service" -> List.of("ecr.amazonaws.com", "ec2.amazonaws.com");
              case "Federated" -> List.of("accounts.google.com", "cognito-identity.amazonaws.com");
              case "CanonicalUser" -> List.of("79a59df900b949e55d96a1e698fbace");
              default -> PRINCIPALS;
            };
        members.add(member(type, stringsShaped(r, valid, ODD_PRINCIPALS, odd)));
      }
    }
    return "{" + String.join(",", members) + "}";
  }

  private static final List<String> ODD_PRINCIPALS =
      List.of(
          "arn:aws:iam::1:root",
          "arn:aws:iam::111111111111:group/g",
          "arn:aws:iam::111111111111:user/",
          "",
          "Everyone",
          "AIDA",
          "arn:aws:sts::111111111111:assumed-role/R");

  /** Valid values, an odd one or an odd type with {@code odd} per cent. */
  private static String stringsShaped(Random r, List<String> valid, List<String> odd, int oddness) {
    if (odd(r, oddness)) {
      return r.nextBoolean() ? json(r, 1) : "[]";
    }
    int n = r.nextBoolean() ? 1 : 1 + r.nextInt(3);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(quote(odd(r, oddness) ? pick(r, odd) : pick(r, valid)));
    }
    return n == 1 && r.nextBoolean() ? values.get(0) : "[" + String.join(",", values) + "]";
  }

  private static String conditionShaped(Random r, int odd) {
    if (odd(r, odd)) {
      return json(r, 2);
    }
    List<String> operators = new ArrayList<>();
    List<String> used = new ArrayList<>();
    int n = 1 + r.nextInt(2);
    for (int i = 0; i < n; i++) {
      String op = odd(r, odd) ? pick(r, OPERATORS) : pick(r, VALID_OPERATORS);
      if (used.contains(op)) {
        continue;
      }
      used.add(op);
      if (odd(r, odd)) {
        operators.add(member(op, json(r, 1)));
        continue;
      }
      List<String> keys = new ArrayList<>();
      List<String> usedKeys = new ArrayList<>();
      int k = 1 + r.nextInt(2);
      for (int j = 0; j < k; j++) {
        String key = odd(r, odd) ? pick(r, CONDITION_KEYS) : pick(r, VALID_KEYS);
        if (!usedKeys.contains(key)) {
          usedKeys.add(key);
          keys.add(member(key, conditionValues(r, op)));
        }
      }
      operators.add(member(op, "{" + String.join(",", keys) + "}"));
    }
    return "{" + String.join(",", operators) + "}";
  }

  private static final List<String> VALID_KEYS =
      List.of(
          "aws:CurrentTime",
          "aws:EpochTime",
          "aws:SourceIp",
          "aws:username",
          "aws:PrincipalArn",
          "aws:PrincipalTag/team",
          "aws:TagKeys",
          "aws:MultiFactorAuthPresent",
          "s3:max-keys",
          "sts:ExternalId",
          "aws:RequestTag/env");

  private static String conditionValues(Random r, String operator) {
    if (r.nextInt(4) == 0) {
      int n = r.nextInt(3);
      List<String> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        values.add(conditionValue(r, operator));
      }
      return "[" + String.join(",", values) + "]";
    }
    return conditionValue(r, operator);
  }

  /** A value, most often of the family the operator reads (its edges included). */
  private static String conditionValue(Random r, String operator) {
    int family =
        operator.contains("Date")
            ? 0
            : operator.contains("Numeric")
                ? 1
                : operator.contains("Ip")
                    ? 2
                    : operator.contains("Binary")
                        ? 3
                        : operator.contains("Bool") || operator.startsWith("Null") ? 4 : 5;
    return switch (r.nextInt(10)) {
      case 0 -> number(r);
      case 1 -> pick(r, List.of("true", "false", "null", "{}", "[[]]"));
      case 2 -> quote(oddValue(r));
      default -> quote(pick(r, TYPED_VALUES.get(family)));
    };
  }

  private static String member(String key, String value) {
    return quote(key) + ":" + value;
  }

  // ---------------------------------------------------------------------------------------------
  // Mutations of valid policies.

  /** One to four token-level mutations, then sometimes a few character-level ones. */
  static String mutate(List<Tok> original, Random r) {
    List<String> t = new ArrayList<>();
    original.forEach(tok -> t.add(tok.text()));
    int n = 1 + r.nextInt(r.nextInt(4) == 0 ? 4 : 2);
    for (int i = 0; i < n && !t.isEmpty(); i++) {
      mutateTokens(t, r);
    }
    StringBuilder text = new StringBuilder(String.join("", t));
    if (r.nextInt(8) == 0) {
      int m = 1 + r.nextInt(3);
      for (int i = 0; i < m; i++) {
        mutateText(text, r);
      }
    }
    return text.toString();
  }

  private static void mutateTokens(List<String> t, Random r) {
    int i = r.nextInt(t.size());
    // Mostly edits that keep the JSON well-formed (values, keys, strings), sometimes structural.
    int kind =
        r.nextInt(3) == 0
            ? r.nextInt(12)
            : pick(r, List.of(3, 4, 5, 6, 7, 8, 9, 12, 12, 12, 12, 6));
    switch (kind) {
      case 0 -> t.remove(i);
      case 1 -> t.add(i, t.get(i));
      case 2 -> {
        int j = r.nextInt(t.size());
        String a = t.get(i);
        t.set(i, t.get(j));
        t.set(j, a);
      }
      case 3 -> {
        // Change the type of a value.
        int v = valueIndex(t, r);
        if (v >= 0) {
          t.set(v, r.nextBoolean() ? json(r, 2) : number(r));
        }
      }
      case 4 -> {
        // Deep nesting around a value.
        int v = valueIndex(t, r);
        if (v >= 0) {
          int depth = pick(r, List.of(1, 1, 2, 30, 31, 32, 33, 64, 5_000));
          t.set(v, "[".repeat(depth) + t.get(v) + "]".repeat(depth));
        }
      }
      case 5 -> {
        // Duplicate a member: the same key twice in one object.
        int k = keyIndex(t, r);
        if (k >= 0) {
          int end = valueEnd(t, k + 2);
          List<String> copy = new ArrayList<>(t.subList(k, end + 1));
          copy.add(",");
          t.addAll(k, copy);
        }
      }
      case 6 -> {
        // Splice a fragment into a string.
        int s = stringIndex(t, r);
        if (s >= 0) {
          String str = t.get(s);
          int at = 1 + r.nextInt(str.length() - 1);
          String fragment =
              pick(
                  r,
                  List.of(
                      "${",
                      "${aws:username",
                      "${}",
                      "${a,'b'}",
                      "${aws:x, 'unterminated}",
                      "${*}",
                      "\\u0000",
                      "\\ud800",
                      "\\udc00",
                      "\\ud83d\\ude00",
                      "\\u0100",
                      "Ā",
                      "😀",
                      "\u0001",
                      "\t",
                      "\\",
                      "\\\"",
                      "\"",
                      "\\x",
                      "\\u12",
                      "*",
                      "?",
                      ":",
                      "/",
                      " ",
                      "\u00ff",
                      "\u00a0"));
          t.set(s, str.substring(0, at) + fragment + str.substring(at));
        }
      }
      case 7 -> {
        // A very long string.
        int s = stringIndex(t, r);
        if (s >= 0) {
          int length = pick(r, List.of(100, 700, 2_100, 6_200, 10_300, 21_000));
          t.set(s, quote(pick(r, List.of("a", "*", "${aws:username}", "é", " ")).repeat(length)));
        }
      }
      case 8 -> {
        // Rename a key.
        int k = keyIndex(t, r);
        if (k >= 0) {
          t.set(k, quote(pick(r, r.nextBoolean() ? FIELD_NAMES : OPERATORS)));
        }
      }
      case 9 -> {
        // Replace a string value with an odd one.
        int v = valueIndex(t, r);
        if (v >= 0) {
          t.set(v, r.nextBoolean() ? string(r) : quote(oddValue(r)));
        }
      }
      case 10 -> t.subList(i, t.size()).clear();
      case 12 -> {
        // A free-text value (a condition value or the Id) replaced by an odd value of any type.
        int v = freeTextIndex(t, r);
        if (v >= 0) {
          t.set(
              v,
              switch (r.nextInt(6)) {
                case 0 -> number(r);
                case 1 -> pick(r, List.of("true", "false", "null", "[]", "{}", "[\"a\",1,true]"));
                case 2 -> quote(randomText(r, 12));
                default -> quote(oddValue(r));
              });
        }
      }
      default -> t.add(i, pick(r, List.of("{", "}", "[", "]", ",", ":", "null", "\"\"", "0")));
    }
  }

  private static void mutateText(StringBuilder text, Random r) {
    if (text.length() == 0) {
      text.append(randomText(r, 4));
      return;
    }
    int at = r.nextInt(text.length());
    switch (r.nextInt(3)) {
      case 0 -> text.delete(at, Math.min(text.length(), at + 1 + r.nextInt(8)));
      case 1 -> text.insert(at, randomText(r, 3));
      default -> text.setCharAt(at, (char) r.nextInt(0x180));
    }
  }

  /** A random string value inside a Condition block or of the Id, or -1. */
  private static int freeTextIndex(List<String> t, Random r) {
    List<Integer> candidates = new ArrayList<>();
    int conditionDepth = -1;
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if (tok.equals("{") || tok.equals("[")) {
        depth++;
      } else if (tok.equals("}") || tok.equals("]")) {
        depth--;
        if (depth < conditionDepth) {
          conditionDepth = -1;
        }
      } else if (isString(tok) && i + 2 < t.size() && t.get(i + 1).equals(":")) {
        if (tok.equals("\"Condition\"") && t.get(i + 2).equals("{")) {
          conditionDepth = depth + 1;
        } else if (tok.equals("\"Id\"") && isString(t.get(i + 2))) {
          candidates.add(i + 2);
        }
      } else if (isString(tok) && conditionDepth >= 0) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : pick(r, candidates);
  }

  private static boolean isString(String token) {
    return token.length() >= 2 && token.startsWith("\"") && token.endsWith("\"");
  }

  /** A random string token followed by a colon (a key), or -1. */
  private static int keyIndex(List<String> t, Random r) {
    return randomIndex(
        t, r, i -> isString(t.get(i)) && i + 1 < t.size() && t.get(i + 1).equals(":"));
  }

  /** A random string token that is not a key, or -1. */
  private static int valueIndex(List<String> t, Random r) {
    return randomIndex(
        t, r, i -> isString(t.get(i)) && !(i + 1 < t.size() && t.get(i + 1).equals(":")));
  }

  private static int stringIndex(List<String> t, Random r) {
    return randomIndex(t, r, i -> isString(t.get(i)));
  }

  private static int randomIndex(
      List<String> t, Random r, java.util.function.IntPredicate matches) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (matches.test(i)) {
        candidates.add(i);
      }
    }
    return candidates.isEmpty() ? -1 : pick(r, candidates);
  }

  /** The index of the last token of the value starting at {@code start}. */
  private static int valueEnd(List<String> t, int start) {
    int depth = 0;
    for (int i = start; i < t.size(); i++) {
      String tok = t.get(i);
      if (tok.equals("[") || tok.equals("{")) {
        depth++;
      } else if (tok.equals("]") || tok.equals("}")) {
        depth--;
      }
      if (depth <= 0) {
        return i;
      }
    }
    return t.size() - 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Requests with odd principals, actions, resources and condition values.

  static AuthorizationRequest request(Random r, List<String> policyKeys) {
    Principal principal =
        switch (r.nextInt(8)) {
          case 0 -> Principal.parse("ecr.amazonaws.com");
          case 1 -> Principal.parse("anonymous");
          case 2 -> Principal.parse("arn:aws:sts::111111111111:federated-user/bob");
          case 3 ->
              Principal.builder(Principal.Type.IDENTITY_PROVIDER, "accounts.google.com").build();
          case 4 -> Principal.builder(Principal.Type.CANONICAL_USER, "79a59df900b949e5").build();
          default ->
              PolicyGenerators.principal(
                  pick(r, PolicyGenerators.ACCOUNTS), r.nextInt(6), List.of("team", "build"));
        };
    String action =
        r.nextInt(4) == 0
            ? pick(r, List.of("s3", "x", "STS", "a-b")) + ":" + randomText(r, 6)
            : pick(r, PolicyGenerators.REQUEST_ACTIONS);
    String resource =
        switch (r.nextInt(4)) {
          case 0 -> pick(r, RESOURCES);
          case 1 -> pick(r, ODD_VALUES);
          default -> pick(r, PolicyGenerators.REQUEST_RESOURCES).replace("{A}", "111111111111");
        };
    RequestContext.Builder context = RequestContext.builder();
    int keys = r.nextInt(5);
    for (int i = 0; i < keys; i++) {
      List<String> values = new ArrayList<>();
      int n = r.nextInt(4) == 0 ? r.nextInt(3) : 1;
      for (int j = 0; j < n; j++) {
        values.add(oddValue(r));
      }
      String key =
          !policyKeys.isEmpty() && r.nextInt(3) != 0
              ? pick(r, policyKeys)
              : r.nextInt(6) == 0 ? randomText(r, 6) : pick(r, CONDITION_KEYS);
      context.put(key, values);
    }
    AuthorizationRequest.Builder b =
        AuthorizationRequest.builder(principal, action, resource).context(context.build());
    if (r.nextInt(4) == 0) {
      b.resourceAccount(pick(r, List.of("111111111111", "222222222222", "", "x")));
    }
    return b.build();
  }
}
