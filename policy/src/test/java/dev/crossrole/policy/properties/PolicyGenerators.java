package dev.crossrole.policy.properties;

import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Effect;
import dev.crossrole.policy.Evaluation;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.Principal;
import dev.crossrole.policy.RequestContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators for the policy engine: a small test-side model of policy documents (rendered to
 * JSON token by token, so that white space and string escapes can be varied without changing the
 * policy), valid policies of every grammar, requests by users, roles, role sessions and roots of
 * three accounts, and whole evaluation scenarios biased towards the request so that every decision
 * occurs often.
 */
final class PolicyGenerators {
  private PolicyGenerators() {}

  static final String V2012 = "2012-10-17";
  static final List<String> ACCOUNTS = List.of("111111111111", "222222222222", "333333333333");

  /** Actions requests ask for. */
  static final List<String> REQUEST_ACTIONS =
      List.of(
          "s3:GetObject",
          "s3:PutObject",
          "s3:ListBucket",
          "sts:AssumeRole",
          "sts:TagSession",
          "ecr:GetAuthorizationToken",
          "ecr:BatchGetImage",
          "ecr:PutImage",
          "ecr:InitiateLayerUpload",
          "iam:CreateUser");

  /** Action patterns of identity and resource policies. */
  static final List<String> ACTION_PATTERNS =
      List.of(
          "*",
          "s3:*",
          "s3:Get*",
          "s3:?utObject",
          "s3:GetObject",
          "s3:ListBucket",
          "sts:AssumeRole",
          "sts:*",
          "sts:TagSession",
          "ecr:*",
          "ecr:Put*",
          "ecr:BatchGetImage",
          "ecr:GetAuthorizationToken",
          "ECR:putimage",
          "iam:*",
          "iam:Create*");

  /** The actions a trust policy may name. */
  static final List<String> TRUST_ACTION_PATTERNS =
      List.of("sts:AssumeRole", "sts:TagSession", "sts:*", "sts:AssumeRoleWithWebIdentity");

  /** Resources requests name; {A} is replaced by an account. */
  static final List<String> REQUEST_RESOURCES =
      List.of(
          "arn:aws:s3:::bucket-a/key.txt",
          "arn:aws:s3:::bucket-b",
          "arn:aws:iam::{A}:role/OURTHINGBUILDROLE",
          "arn:aws:iam::{A}:role/path/deployer",
          "arn:aws:ecr:us-east-1:{A}:repository/app",
          "arn:aws:ecr:us-east-1:{A}:repository/team/web",
          "*");

  /** Resource patterns of policies, with wildcards and policy variables; {A} an account. */
  static final List<String> RESOURCE_PATTERNS =
      List.of(
          "*",
          "arn:aws:s3:::bucket-a/*",
          "arn:aws:s3:::*",
          "arn:aws:s3:::bucket-?",
          "arn:aws:s3:::bucket-b",
          "arn:aws:s3:::bucket-a/${aws:username}/*",
          "arn:aws:iam::{A}:role/*",
          "arn:aws:iam::*:role/OURTHINGBUILDROLE",
          "arn:aws:iam::{A}:role/path/*",
          "arn:aws:iam::{A}:user/${aws:username}",
          "arn:aws:ecr:*:{A}:repository/*",
          "arn:aws:ecr:us-east-1:*:repository/app",
          "arn:aws:ecr:us-east-1:{A}:repository/team/*",
          "arn:aws:ecr:*:*:*",
          "arn:aws:ecr:us-east-1:{A}:repository/${aws:PrincipalTag/team, 'app'}");

  /** Principal element values (type AWS); {A} an account. */
  static final List<String> PRINCIPAL_VALUES =
      List.of(
          "*",
          "{A}",
          "arn:aws:iam::{A}:root",
          "arn:aws:iam::{A}:user/builder",
          "arn:aws:iam::{A}:user/ops/alice",
          "arn:aws:iam::{A}:role/OURTHINGBUILDROLE",
          "arn:aws:iam::{A}:role/path/deployer",
          "arn:aws:sts::{A}:assumed-role/OURTHINGBUILDROLE/build-1",
          "AIDA{A}BUILDER",
          "AROA{A}BUILD");

  /** Conditions of policies; {A} an account. */
  static final List<Cond> CONDITIONS =
      List.of(
          new Cond("StringEquals", "sts:ExternalId", List.of("some_key_build")),
          new Cond("StringNotEquals", "sts:ExternalId", List.of("some_key_build")),
          new Cond("StringLike", "sts:ExternalId", List.of("some_*")),
          new Cond("StringEqualsIgnoreCase", "aws:RequestTag/env", List.of("PROD")),
          new Cond("StringEqualsIfExists", "aws:RequestTag/env", List.of("dev")),
          new Cond("StringLike", "aws:RequestTag/env", List.of("${aws:PrincipalTag/env, 'dev'}")),
          new Cond("IpAddress", "aws:SourceIp", List.of("203.0.113.0/24", "2001:db8::/32")),
          new Cond("NotIpAddress", "aws:SourceIp", List.of("198.51.100.0/24")),
          new Cond("Bool", "aws:MultiFactorAuthPresent", List.of("true")),
          new Cond("BoolIfExists", "aws:MultiFactorAuthPresent", List.of("false")),
          new Cond("Bool", "aws:SecureTransport", List.of("true")),
          new Cond("NumericLessThan", "s3:max-keys", List.of("100")),
          new Cond("NumericGreaterThanEquals", "s3:max-keys", List.of("50")),
          new Cond("DateGreaterThan", "aws:CurrentTime", List.of("2025-01-01T00:00:00Z")),
          new Cond("DateLessThan", "aws:CurrentTime", List.of("2026-01-01")),
          new Cond("ForAnyValue:StringEquals", "aws:TagKeys", List.of("env", "team")),
          new Cond("ForAllValues:StringLike", "aws:TagKeys", List.of("e*", "team")),
          new Cond("Null", "aws:RequestTag/env", List.of("true")),
          new Cond("Null", "sts:ExternalId", List.of("false")),
          new Cond("ArnLike", "aws:PrincipalArn", List.of("arn:aws:iam::*:role/*")),
          new Cond("ArnNotEquals", "aws:PrincipalArn", List.of("arn:aws:iam::{A}:root")),
          new Cond("StringEquals", "aws:PrincipalAccount", List.of("{A}")),
          new Cond("StringEquals", "aws:PrincipalType", List.of("User", "AssumedRole")),
          new Cond("StringEquals", "aws:PrincipalTag/team", List.of("build")));

  /** The condition keys requests carry, each with two possible value lists. */
  static final List<Map.Entry<String, List<List<String>>>> CONTEXT_KEYS =
      List.of(
          Map.entry("sts:ExternalId", List.of(List.of("some_key_build"), List.of("wrong-key"))),
          Map.entry("aws:SourceIp", List.of(List.of("203.0.113.7"), List.of("198.51.100.20"))),
          Map.entry("aws:MultiFactorAuthPresent", List.of(List.of("true"), List.of("false"))),
          Map.entry("aws:SecureTransport", List.of(List.of("true"), List.of("false"))),
          Map.entry("s3:max-keys", List.of(List.of("10"), List.of("500"))),
          Map.entry(
              "aws:CurrentTime",
              List.of(List.of("2025-06-01T12:00:00Z"), List.of("2024-01-01T00:00:00Z"))),
          Map.entry("aws:TagKeys", List.of(List.of("env"), List.of("env", "team", "cost"))),
          Map.entry("aws:RequestTag/env", List.of(List.of("prod"), List.of("dev"))));

  /** Free-text values for the Id element, some outside Latin-1. */
  static final List<String> IDS =
      List.of("policy-1", "build access", "café", "Ärger/Öl", "Āccess", "日本語", "emoji 😀");

  // ---------------------------------------------------------------------------------------------
  // The model.

  /** One operator/key/values test of a Condition block. */
  record Cond(String operator, String key, List<String> values) {
    Cond withAccount(String account) {
      return new Cond(operator, key, values.stream().map(v -> v.replace("{A}", account)).toList());
    }
  }

  /** A Principal or NotPrincipal: the bare {@code "*"} or values by type. */
  record Principals(boolean everyone, Map<String, List<String>> values) {
    static Principals star() {
      return new Principals(true, Map.of());
    }

    static Principals aws(List<String> awsValues) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      m.put("AWS", List.copyOf(awsValues));
      return new Principals(false, m);
    }

    Principals plusService(String service) {
      Map<String, List<String>> m = new LinkedHashMap<>(values);
      m.put("Service", List.of(service));
      return new Principals(false, m);
    }
  }

  /** A statement; a present sid is replaced by a unique one when the policy is assembled. */
  record Stmt(
      Optional<String> sid,
      Effect effect,
      Optional<Principals> principal,
      boolean notPrincipal,
      List<String> actions,
      boolean notAction,
      Optional<List<String>> resources,
      boolean notResource,
      List<Cond> conditions) {

    Stmt withSid(Optional<String> newSid) {
      return new Stmt(
          newSid,
          effect,
          principal,
          notPrincipal,
          actions,
          notAction,
          resources,
          notResource,
          conditions);
    }
  }

  /** A policy document of the model, with the name explanations show. */
  record Pol(
      String name,
      Grammar grammar,
      Optional<String> version,
      Optional<String> id,
      List<Stmt> statements) {

    Pol {
      statements = List.copyOf(statements);
    }

    Pol plus(Stmt s) {
      List<Stmt> list = new ArrayList<>(statements);
      list.add(s);
      return withStatements(list);
    }

    Pol withStatements(List<Stmt> list) {
      return new Pol(name, grammar, version, id, list);
    }

    List<Tok> tokens() {
      return render(this);
    }

    /** Compact JSON, strings escaped only where JSON requires it. */
    String json() {
      return Lexer.compact(tokens());
    }

    PolicyDocument parse() {
      return PolicyDocument.parse(json(), grammar);
    }

    NamedPolicy named() {
      return new NamedPolicy(name, parse());
    }
  }

  /** A request and the policies that govern it. */
  record Scenario(
      AuthorizationRequest request,
      List<Pol> identity,
      Optional<Pol> boundary,
      List<Pol> session,
      Optional<Pol> resource) {

    Scenario {
      identity = List.copyOf(identity);
      session = List.copyOf(session);
    }

    /** The grammar of the resource policy for this request: a trust policy for AssumeRole. */
    Grammar resourceGrammar() {
      return isTrustRequest(request) ? Grammar.TRUST : Grammar.RESOURCE;
    }

    PolicySet policySet() {
      return policySet(Pol::named);
    }

    /** The policy set with each policy turned into a document by {@code named}. */
    PolicySet policySet(java.util.function.Function<Pol, NamedPolicy> named) {
      PolicySet.Builder b = PolicySet.builder();
      identity.forEach(p -> b.identityPolicy(named.apply(p)));
      boundary.ifPresent(p -> b.permissionsBoundary(named.apply(p)));
      session.forEach(p -> b.sessionPolicy(named.apply(p)));
      resource.ifPresent(p -> b.resourcePolicy(named.apply(p)));
      return b.build();
    }

    Evaluation evaluate() {
      return PolicyEvaluator.evaluate(request, policySet());
    }

    /** Applies {@code f} to every policy. */
    Scenario mapPolicies(UnaryOperator<Pol> f) {
      return new Scenario(
          request,
          identity.stream().map(f).toList(),
          boundary.map(f),
          session.stream().map(f).toList(),
          resource.map(f));
    }

    Scenario withIdentity(List<Pol> list) {
      return new Scenario(request, list, boundary, session, resource);
    }

    Scenario withBoundary(Pol p) {
      return new Scenario(request, identity, Optional.of(p), session, resource);
    }

    Scenario withSession(List<Pol> list) {
      return new Scenario(request, identity, boundary, list, resource);
    }

    Scenario withResource(Pol p) {
      return new Scenario(request, identity, boundary, session, Optional.of(p));
    }

    /**
     * The ways to add {@code identityStmt} (IDENTITY grammar) or {@code resourceStmt} (the resource
     * policy's grammar) to this scenario: to each identity policy, as a new identity policy, to the
     * boundary and session policies; to the resource policy, or as a new one when {@code
     * newResource} holds. Adding a new boundary or session policy is included only when {@code
     * newRestrictive} holds, as such policies can remove permissions.
     */
    List<Scenario> placements(
        Stmt identityStmt, Stmt resourceStmt, boolean newRestrictive, boolean newResource) {
      List<Scenario> out = new ArrayList<>();
      for (int i = 0; i < identity.size(); i++) {
        List<Pol> list = new ArrayList<>(identity);
        list.set(i, list.get(i).plus(identityStmt));
        out.add(withIdentity(list));
      }
      List<Pol> extended = new ArrayList<>(identity);
      extended.add(singleton("identity-added", Grammar.IDENTITY, identityStmt));
      out.add(withIdentity(extended));
      if (boundary.isPresent()) {
        out.add(withBoundary(boundary.get().plus(identityStmt)));
      } else if (newRestrictive) {
        out.add(withBoundary(singleton("boundary", Grammar.IDENTITY, identityStmt)));
      }
      for (int i = 0; i < session.size(); i++) {
        List<Pol> list = new ArrayList<>(session);
        list.set(i, list.get(i).plus(identityStmt));
        out.add(withSession(list));
      }
      if (session.isEmpty() && newRestrictive) {
        out.add(withSession(List.of(singleton("session-0", Grammar.IDENTITY, identityStmt))));
      }
      if (resource.isPresent()) {
        out.add(withResource(resource.get().plus(resourceStmt)));
      } else if (newResource) {
        out.add(withResource(singleton("resource", resourceGrammar(), resourceStmt)));
      }
      return out;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      b.append("request: ")
          .append(request.principal())
          .append(' ')
          .append(request.action())
          .append(' ')
          .append(request.resource())
          .append(request.resourceAccount().map(a -> " (account " + a + ")").orElse(""))
          .append(' ')
          .append(request.context().asMap());
      identity.forEach(
          p -> b.append("\n  identity ").append(p.name()).append(": ").append(p.json()));
      boundary.ifPresent(p -> b.append("\n  boundary: ").append(p.json()));
      session.forEach(p -> b.append("\n  session: ").append(p.json()));
      resource.ifPresent(p -> b.append("\n  resource: ").append(p.json()));
      return b.toString();
    }
  }

  static Pol singleton(String name, Grammar grammar, Stmt s) {
    return new Pol(name, grammar, Optional.of(V2012), Optional.empty(), List.of(s));
  }

  static boolean isTrustRequest(AuthorizationRequest r) {
    String a = r.action().toLowerCase(Locale.ROOT);
    return (a.equals("sts:assumerole") || a.equals("sts:tagsession"))
        && r.resource().contains(":iam::")
        && r.resource().contains(":role/");
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering: a policy as JSON tokens.

  /** A JSON token; {@code value} is the decoded string for string tokens, null otherwise. */
  record Tok(String text, String value) {
    static Tok punct(String text) {
      return new Tok(text, null);
    }

    static Tok string(String value) {
      return new Tok(Lexer.quote(value, null, false), value);
    }

    boolean isString() {
      return value != null;
    }
  }

  private static List<Tok> render(Pol p) {
    List<Tok> t = new ArrayList<>();
    t.add(Tok.punct("{"));
    boolean first = true;
    if (p.version().isPresent()) {
      first = member(t, first, "Version");
      t.add(Tok.string(p.version().get()));
    }
    if (p.id().isPresent()) {
      first = member(t, first, "Id");
      t.add(Tok.string(p.id().get()));
    }
    member(t, first, "Statement");
    t.add(Tok.punct("["));
    for (int i = 0; i < p.statements().size(); i++) {
      if (i > 0) {
        t.add(Tok.punct(","));
      }
      renderStatement(t, p.statements().get(i));
    }
    t.add(Tok.punct("]"));
    t.add(Tok.punct("}"));
    return t;
  }

  private static void renderStatement(List<Tok> t, Stmt s) {
    t.add(Tok.punct("{"));
    boolean first = true;
    if (s.sid().isPresent()) {
      first = member(t, first, "Sid");
      t.add(Tok.string(s.sid().get()));
    }
    first = member(t, first, "Effect");
    t.add(Tok.string(s.effect().text()));
    if (s.principal().isPresent()) {
      first = member(t, first, s.notPrincipal() ? "NotPrincipal" : "Principal");
      Principals p = s.principal().get();
      if (p.everyone()) {
        t.add(Tok.string("*"));
      } else {
        t.add(Tok.punct("{"));
        boolean firstType = true;
        for (Map.Entry<String, List<String>> e : p.values().entrySet()) {
          firstType = member(t, firstType, e.getKey());
          strings(t, e.getValue());
        }
        t.add(Tok.punct("}"));
      }
    }
    first = member(t, first, s.notAction() ? "NotAction" : "Action");
    strings(t, s.actions());
    if (s.resources().isPresent()) {
      first = member(t, first, s.notResource() ? "NotResource" : "Resource");
      strings(t, s.resources().get());
    }
    if (!s.conditions().isEmpty()) {
      member(t, first, "Condition");
      Map<String, List<Cond>> byOperator = new LinkedHashMap<>();
      for (Cond c : s.conditions()) {
        byOperator.computeIfAbsent(c.operator(), k -> new ArrayList<>()).add(c);
      }
      t.add(Tok.punct("{"));
      boolean firstOperator = true;
      for (Map.Entry<String, List<Cond>> e : byOperator.entrySet()) {
        firstOperator = member(t, firstOperator, e.getKey());
        t.add(Tok.punct("{"));
        boolean firstKey = true;
        for (Cond c : e.getValue()) {
          firstKey = member(t, firstKey, c.key());
          strings(t, c.values());
        }
        t.add(Tok.punct("}"));
      }
      t.add(Tok.punct("}"));
    }
    t.add(Tok.punct("}"));
  }

  /** Writes {@code "key":}, preceded by a comma unless first; returns false. */
  private static boolean member(List<Tok> t, boolean first, String key) {
    if (!first) {
      t.add(Tok.punct(","));
    }
    t.add(Tok.string(key));
    t.add(Tok.punct(":"));
    return false;
  }

  private static void strings(List<Tok> t, List<String> values) {
    if (values.size() == 1) {
      t.add(Tok.string(values.get(0)));
      return;
    }
    t.add(Tok.punct("["));
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        t.add(Tok.punct(","));
      }
      t.add(Tok.string(values.get(i)));
    }
    t.add(Tok.punct("]"));
  }

  /** Joins tokens into JSON text: compact, with random white space, or with random escapes. */
  static final class Lexer {
    private static final char[] WHITESPACE = {' ', '\t', '\n', '\r'};

    private Lexer() {}

    static String compact(List<Tok> tokens) {
      StringBuilder b = new StringBuilder();
      tokens.forEach(t -> b.append(t.text()));
      return b.toString();
    }

    /** Random JSON white space (space, tab, newline, carriage return) around every token. */
    static String spaced(List<Tok> tokens, Random random) {
      StringBuilder b = new StringBuilder();
      for (Tok t : tokens) {
        whitespace(b, random);
        b.append(t.text());
      }
      whitespace(b, random);
      return b.toString();
    }

    /**
     * Strings re-quoted with random {@code \\uXXXX} and {@code \/} escapes; with {@code
     * escapeNonAscii} every character above U+007E is escaped, so the text itself is ASCII.
     */
    static String escaped(List<Tok> tokens, Random random, boolean escapeNonAscii) {
      StringBuilder b = new StringBuilder();
      for (Tok t : tokens) {
        b.append(t.isString() ? quote(t.value(), random, escapeNonAscii) : t.text());
      }
      return b.toString();
    }

    private static void whitespace(StringBuilder b, Random random) {
      int n = random.nextInt(3) == 0 ? 0 : random.nextInt(4);
      for (int i = 0; i < n; i++) {
        b.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
      }
    }

    /** A JSON string literal; with a random source, ordinary characters are escaped at random. */
    static String quote(String s, Random random, boolean escapeNonAscii) {
      StringBuilder b = new StringBuilder(s.length() + 2).append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          b.append('\\').append(c);
        } else if (c < 0x20) {
          b.append(String.format("\\u%04x", (int) c));
        } else if ((escapeNonAscii && c > 0x7E) || (random != null && random.nextInt(5) == 0)) {
          String hex = String.format("%04x", (int) c);
          b.append("\\u")
              .append(random != null && random.nextBoolean() ? hex.toUpperCase(Locale.ROOT) : hex);
        } else if (c == '/' && random != null && random.nextBoolean()) {
          b.append("\\/");
        } else {
          b.append(c);
        }
      }
      return b.append('"').toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generators. jqwik draws shrinkable integer "dice"; the model is built from them relative to
  // the request, so that generation needs no flatMap and a shrunk case is a simpler policy.

  /** Fixed rolls, read in order; each read takes the next roll modulo the number of options. */
  record Dice(List<Integer> rolls) {
    Cursor cursor() {
      return new Cursor(rolls);
    }

    @Override
    public String toString() {
      return "Dice" + rolls;
    }
  }

  /** Reads a {@link Dice}. */
  static final class Cursor {
    private final List<Integer> rolls;
    private int next;

    Cursor(List<Integer> rolls) {
      this.rolls = rolls;
    }

    int roll(int bound) {
      int v = rolls.get(next % rolls.size());
      next++;
      return v % bound;
    }

    /** True with about {@code percent} per cent; a roll of 0 (what shrinking tends to) is false. */
    boolean chance(int percent) {
      return roll(100) >= 100 - percent;
    }

    <T> T pick(List<T> options) {
      return options.get(roll(options.size()));
    }

    /** From {@code near} with about {@code percent} per cent, otherwise from {@code far}. */
    <T> T pickBiased(int percent, List<T> near, List<T> far) {
      return chance(percent) || far.isEmpty() ? pick(near) : pick(far);
    }
  }

  static Arbitrary<Dice> dice() {
    return Arbitraries.integers().between(0, 9_999).list().ofSize(32).map(Dice::new);
  }

  /** Principals: the root, two users, a role and two role sessions of each account. */
  static Arbitrary<Principal> principals() {
    return Combinators.combine(
            Arbitraries.of(ACCOUNTS), Arbitraries.integers().between(0, 5), tags())
        .as(PolicyGenerators::principal);
  }

  private static Arbitrary<List<String>> tags() {
    return Arbitraries.of(
        List.of(), List.of("team", "build"), List.of("env", "dev"), List.of("team", "ops"));
  }

  static Principal principal(String a, int kind, List<String> tag) {
    Principal.Builder b =
        switch (kind) {
          case 0 -> Principal.builder("arn:aws:iam::" + a + ":root");
          case 1 ->
              Principal.builder("arn:aws:iam::" + a + ":user/builder")
                  .userId("AIDA" + a + "BUILDER");
          case 2 ->
              Principal.builder("arn:aws:iam::" + a + ":user/ops/alice")
                  .userId("AIDA" + a + "ALICE");
          case 3 ->
              Principal.builder("arn:aws:iam::" + a + ":role/OURTHINGBUILDROLE")
                  .userId("AROA" + a + "BUILD");
          case 4 ->
              Principal.builder("arn:aws:sts::" + a + ":assumed-role/OURTHINGBUILDROLE/build-1")
                  .userId("AROA" + a + "BUILD:build-1");
          default ->
              Principal.builder("arn:aws:sts::" + a + ":assumed-role/deployer/ci")
                  .userId("AROA" + a + "DEPLOY:ci")
                  .issuer("arn:aws:iam::" + a + ":role/path/deployer");
        };
    if (kind != 0 && !tag.isEmpty()) {
      b.tag(tag.get(0), tag.get(1));
    }
    return b.build();
  }

  static Arbitrary<RequestContext> contexts() {
    return Arbitraries.integers()
        .between(0, 2)
        .list()
        .ofSize(CONTEXT_KEYS.size())
        .map(
            choices -> {
              RequestContext.Builder b = RequestContext.builder();
              for (int i = 0; i < choices.size(); i++) {
                if (choices.get(i) > 0) {
                  Map.Entry<String, List<List<String>>> key = CONTEXT_KEYS.get(i);
                  b.put(key.getKey(), key.getValue().get(choices.get(i) - 1));
                }
              }
              return b.build();
            });
  }

  /**
   * Requests: a principal, an action, a resource (of the principal's account half of the time) and
   * condition keys; for resources without an account in the ARN, sometimes an explicit one.
   */
  static Arbitrary<AuthorizationRequest> requests() {
    return Combinators.combine(
            principals(),
            Arbitraries.of(REQUEST_ACTIONS),
            Arbitraries.of(REQUEST_RESOURCES),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(true, false),
            contexts())
        .as(
            (p, action, anyResource, accountChoice, explicitAccount, context) -> {
              String account =
                  accountChoice < 3 ? p.account().orElseThrow() : ACCOUNTS.get(accountChoice - 3);
              // STS actions mostly ask for a role, so that trust policies are exercised often.
              String resource =
                  action.startsWith("sts:") && (accountChoice + (explicitAccount ? 1 : 0)) % 4 != 0
                      ? REQUEST_RESOURCES.get(2 + accountChoice % 2)
                      : anyResource;
              AuthorizationRequest.Builder b =
                  AuthorizationRequest.builder(p, action, resource.replace("{A}", account))
                      .context(context);
              if (!resource.contains("{A}") && explicitAccount) {
                b.resourceAccount(account);
              }
              return b.build();
            });
  }

  /** An account, mostly the request principal's own. */
  private static String accountNear(AuthorizationRequest r, Cursor d) {
    return d.pickBiased(50, List.of(r.principal().account().orElse(ACCOUNTS.get(0))), ACCOUNTS);
  }

  private static String actionPattern(AuthorizationRequest r, Grammar g, Cursor d) {
    if (g == Grammar.TRUST) {
      return d.pickBiased(
          isTrustRequest(r) ? 60 : 0, List.of(r.action(), "sts:*"), TRUST_ACTION_PATTERNS);
    }
    String service = r.action().substring(0, r.action().indexOf(':'));
    return d.pickBiased(
        45,
        List.of(r.action(), service + ":*", "*", r.action().toUpperCase(Locale.ROOT)),
        ACTION_PATTERNS);
  }

  private static String resourcePattern(AuthorizationRequest r, Cursor d) {
    String far = d.pick(RESOURCE_PATTERNS).replace("{A}", accountNear(r, d));
    return d.pickBiased(45, List.of(r.resource(), "*"), List.of(far));
  }

  private static String principalValue(AuthorizationRequest r, Cursor d) {
    Principal p = r.principal();
    List<String> own = new ArrayList<>();
    own.add(p.arn());
    p.account().ifPresent(own::add);
    p.issuer().ifPresent(own::add);
    p.userId().filter(id -> id.indexOf(':') < 0).ifPresent(own::add);
    String far = d.pick(PRINCIPAL_VALUES).replace("{A}", accountNear(r, d));
    return d.pickBiased(45, own, List.of(far));
  }

  private static Optional<Principals> principalElement(
      AuthorizationRequest r, Grammar g, Cursor d) {
    if (g == Grammar.IDENTITY) {
      return Optional.empty();
    }
    if (g == Grammar.RESOURCE && d.chance(15)) {
      return Optional.of(Principals.star());
    }
    Principals p = Principals.aws(distinct(d, 2, () -> principalValue(r, d)));
    return Optional.of(d.chance(10) ? p.plusService("ecr.amazonaws.com") : p);
  }

  /** One to {@code max} distinct values drawn by {@code draw}. */
  private static List<String> distinct(
      Cursor d, int max, java.util.function.Supplier<String> draw) {
    int n = 1 + d.roll(max);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String v = draw.get();
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static List<Cond> conditions(AuthorizationRequest r, Cursor d) {
    List<Cond> out = new ArrayList<>();
    int n = d.chance(40) ? 1 + d.roll(2) : 0;
    for (int i = 0; i < n; i++) {
      Cond c = d.pick(CONDITIONS).withAccount(accountNear(r, d));
      if (out.stream()
          .noneMatch(o -> o.operator().equals(c.operator()) && o.key().equals(c.key()))) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * A statement of grammar {@code g}, biased towards matching {@code r}, with {@code effect} or
   * (when absent) mostly Allow. A present sid is a placeholder, numbered when the policy is built.
   */
  static Stmt statement(AuthorizationRequest r, Grammar g, Dice dice, Optional<Effect> effect) {
    Cursor d = dice.cursor();
    boolean sid = d.chance(50);
    Effect e = effect.orElseGet(() -> d.chance(20) ? Effect.DENY : Effect.ALLOW);
    Optional<Principals> principal = principalElement(r, g, d);
    boolean notPrincipal = g == Grammar.RESOURCE && d.chance(10);
    List<String> actions = distinct(d, 3, () -> actionPattern(r, g, d));
    boolean notAction = d.chance(10);
    Optional<List<String>> resources =
        g == Grammar.TRUST || (g == Grammar.RESOURCE && d.chance(30))
            ? Optional.empty()
            : Optional.of(distinct(d, 2, () -> resourcePattern(r, d)));
    boolean notResource = resources.isPresent() && d.chance(10);
    List<Cond> conditions = conditions(r, d);
    return new Stmt(
        sid ? Optional.of("sid") : Optional.empty(),
        e,
        principal,
        notPrincipal,
        actions,
        notAction,
        resources,
        notResource,
        conditions);
  }

  /** The dice of one policy: one for its header, one per statement. */
  record PolicyDice(Dice header, List<Dice> statements) {}

  static Arbitrary<PolicyDice> policyDice() {
    return Combinators.combine(dice(), dice().list().ofMinSize(1).ofMaxSize(4)).as(PolicyDice::new);
  }

  /** A policy of grammar {@code g}: one to four statements, unique sids S0, S1… where present. */
  static Pol policy(AuthorizationRequest r, Grammar g, String name, PolicyDice dice) {
    Cursor d = dice.header().cursor();
    int v = d.roll(10);
    Optional<String> version =
        v < 8 ? Optional.of(V2012) : v == 8 ? Optional.of("2008-10-17") : Optional.empty();
    Optional<String> id = d.chance(40) ? Optional.of(d.pick(IDS)) : Optional.empty();
    List<Stmt> numbered = new ArrayList<>();
    for (Dice sd : dice.statements()) {
      Stmt s = statement(r, g, sd, Optional.empty());
      numbered.add(s.withSid(s.sid().map(x -> "S" + numbered.size())));
    }
    return new Pol(name, g, version, id, numbered);
  }

  /** Whole scenarios: zero to three identity policies, maybe a boundary, session, resource. */
  static Arbitrary<Scenario> scenarios() {
    return Combinators.combine(
            requests(),
            policyDice().list().ofMaxSize(3),
            policyDice().injectNull(0.75),
            policyDice().injectNull(0.75),
            policyDice().injectNull(0.5))
        .as(PolicyGenerators::scenario);
  }

  private static Scenario scenario(
      AuthorizationRequest r,
      List<PolicyDice> identity,
      PolicyDice boundary,
      PolicyDice session,
      PolicyDice resource) {
    List<Pol> ids = new ArrayList<>();
    for (PolicyDice pd : identity) {
      ids.add(policy(r, Grammar.IDENTITY, "identity-" + ids.size(), pd));
    }
    Grammar resourceGrammar = isTrustRequest(r) ? Grammar.TRUST : Grammar.RESOURCE;
    return new Scenario(
        r,
        ids,
        Optional.ofNullable(boundary).map(pd -> policy(r, Grammar.IDENTITY, "boundary", pd)),
        session == null ? List.of() : List.of(policy(r, Grammar.IDENTITY, "session-0", session)),
        Optional.ofNullable(resource).map(pd -> policy(r, resourceGrammar, "resource", pd)));
  }

  /** Every policy of the scenario in the order it is given to the evaluator. */
  static List<Pol> allPolicies(Scenario s) {
    List<Pol> all = new ArrayList<>(s.identity());
    s.boundary().ifPresent(all::add);
    all.addAll(s.session());
    s.resource().ifPresent(all::add);
    return all;
  }
}
