package dev.crossrole.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who makes a request: an account's root user, an IAM user, a role session, a federated user, an
 * AWS service, an identity provider, or an anonymous caller. Built from an ARN and refined with the
 * unique id, tags and the session's issuer when they are known.
 */
public final class Principal {
  private static final Pattern IAM_ARN =
      Pattern.compile(
          "arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):iam::(\\d{12}):(root|user/(.+)|role/(.+))");
  private static final Pattern STS_ARN =
      Pattern.compile(
          "arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):sts::(\\d{12}):"
              + "(assumed-role/([^/]+)/(.+)|federated-user/(.+))");

  /** The kinds of principal, with the value AWS gives {@code aws:PrincipalType}. */
  public enum Type {
    ROOT("Account"),
    USER("User"),
    ROLE("Role"),
    ASSUMED_ROLE("AssumedRole"),
    FEDERATED_USER("FederatedUser"),
    SERVICE("Service"),
    IDENTITY_PROVIDER("WebIdentityUser"),
    CANONICAL_USER("CanonicalUser"),
    ANONYMOUS("Anonymous");

    private final String principalType;

    Type(String principalType) {
      this.principalType = principalType;
    }

    /** The value of {@code aws:PrincipalType}. */
    public String principalType() {
      return principalType;
    }

    /** Whether the principal belongs to an account and is governed by its identity policies. */
    public boolean isAccountPrincipal() {
      return this == ROOT
          || this == USER
          || this == ROLE
          || this == ASSUMED_ROLE
          || this == FEDERATED_USER;
    }
  }

  private final Type type;
  private final String name;
  private final Optional<String> account;
  private final Optional<String> userId;
  private final Optional<String> issuer;
  private final Map<String, String> tags;
  private final Map<String, List<String>> contextKeys;

  private Principal(Builder b) {
    this.type = b.type;
    this.name = b.name;
    this.account = Optional.ofNullable(b.account);
    this.userId = Optional.ofNullable(b.userId);
    this.issuer = Optional.ofNullable(b.issuer).or(this::derivedIssuer);
    this.tags = Map.copyOf(b.tags);
    this.contextKeys = Map.copyOf(contextKeys());
  }

  /**
   * Reads an ARN ({@code arn:aws:iam::A:root}, {@code …:user/N}, {@code …:role/N}, {@code
   * arn:aws:sts::A:assumed-role/R/S}, {@code …:federated-user/N}), a service principal such as
   * {@code ec2.amazonaws.com}, or {@code anonymous}.
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Principal parse(String text) {
    return builder(text).build();
  }

  /** A builder initialised from {@link #parse}'s forms. */
  public static Builder builder(String text) {
    Objects.requireNonNull(text, "principal");
    Matcher iam = IAM_ARN.matcher(text);
    if (iam.matches()) {
      Type type =
          iam.group(3).equals("root") ? Type.ROOT : iam.group(4) != null ? Type.USER : Type.ROLE;
      return new Builder(type, text).account(iam.group(2));
    }
    Matcher sts = STS_ARN.matcher(text);
    if (sts.matches()) {
      Type type = sts.group(4) != null ? Type.ASSUMED_ROLE : Type.FEDERATED_USER;
      return new Builder(type, text).account(sts.group(2));
    }
    if (text.equals("anonymous") || text.equals("*")) {
      return new Builder(Type.ANONYMOUS, "anonymous");
    }
    if (text.matches("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?")) {
      return new Builder(Type.SERVICE, text);
    }
    throw new IllegalArgumentException("Not a principal ARN or service principal: " + text);
  }

  /**
   * A principal known by name rather than ARN: an identity provider or a canonical user.
   *
   * @throws IllegalArgumentException for the types that {@link #builder(String)} reads from ARNs
   */
  public static Builder builder(Type type, String name) {
    if (type != Type.IDENTITY_PROVIDER && type != Type.CANONICAL_USER) {
      throw new IllegalArgumentException(
          type + " principals are read from their ARN or service name: use builder(String)");
    }
    return new Builder(type, name);
  }

  /** The kind of principal. */
  public Type type() {
    return type;
  }

  /** The principal's ARN, or its name for services, identity providers and canonical users. */
  public String arn() {
    return name;
  }

  /** The 12-digit account the principal belongs to, for account principals. */
  public Optional<String> account() {
    return account;
  }

  /** The unique id: {@code AIDA…} for users, {@code AROA…:session} for role sessions. */
  public Optional<String> userId() {
    return userId;
  }

  /** For a role session, the role's ARN; for a federated user, the IAM user who federated. */
  public Optional<String> issuer() {
    return issuer;
  }

  /**
   * The principal's tags, which become {@code aws:PrincipalTag/…}: a user's IAM tags; for a role
   * session, the role's tags overridden by the session's own and inherited transitive tags.
   */
  public Map<String, String> tags() {
    return tags;
  }

  /** The friendly name of a user, role, or the role of a session. */
  public Optional<String> entityName() {
    return switch (type) {
      case USER, ROLE -> Optional.of(lastPathSegment(name));
      case ASSUMED_ROLE -> issuer.map(Principal::lastPathSegment);
      case FEDERATED_USER -> Optional.of(name.substring(name.indexOf("federated-user/") + 15));
      default -> Optional.empty();
    };
  }

  /** The session name of a role session. */
  public Optional<String> sessionName() {
    if (type != Type.ASSUMED_ROLE) {
      return Optional.empty();
    }
    String rest = name.substring(name.indexOf("assumed-role/") + 13);
    return Optional.of(rest.substring(rest.indexOf('/') + 1));
  }

  /**
   * The global condition keys AWS derives from the principal ({@code aws:PrincipalArn}, {@code
   * aws:PrincipalAccount}, {@code aws:PrincipalType}, {@code aws:userid}, {@code aws:username},
   * {@code aws:PrincipalTag/…}, {@code aws:PrincipalIsAWSService}), keyed in lower case.
   */
  public Map<String, List<String>> conditionKeys() {
    return contextKeys;
  }

  private Map<String, List<String>> contextKeys() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("aws:principaltype", List.of(type.principalType()));
    keys.put("aws:principalisawsservice", List.of(type == Type.SERVICE ? "true" : "false"));
    if (type == Type.SERVICE) {
      keys.put("aws:principalservicename", List.of(name));
    }
    if (type.isAccountPrincipal()) {
      account.ifPresent(a -> keys.put("aws:principalaccount", List.of(a)));
      String principalArn = type == Type.ASSUMED_ROLE ? issuer.orElse(name) : name;
      keys.put("aws:principalarn", List.of(principalArn));
    }
    if (type == Type.USER) {
      keys.put("aws:username", List.of(lastPathSegment(name)));
    }
    Optional<String> id =
        type == Type.ROOT
            ? account
            : type == Type.FEDERATED_USER
                ? account.map(a -> a + ":" + entityName().orElseThrow())
                : userId;
    id.ifPresent(v -> keys.put("aws:userid", List.of(v)));
    tags.forEach((k, v) -> keys.put("aws:principaltag/" + k.toLowerCase(Locale.ROOT), List.of(v)));
    return keys;
  }

  private Optional<String> derivedIssuer() {
    if (type != Type.ASSUMED_ROLE) {
      return Optional.empty();
    }
    int at = name.indexOf(":sts::");
    String partition = name.substring(4, at);
    String role = name.substring(name.indexOf("assumed-role/") + 13);
    role = role.substring(0, role.indexOf('/'));
    return Optional.of("arn:" + partition + ":iam::" + account.orElseThrow() + ":role/" + role);
  }

  static String lastPathSegment(String arn) {
    return arn.substring(arn.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return type + "(" + name + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p
        && type == p.type
        && name.equals(p.name)
        && account.equals(p.account)
        && userId.equals(p.userId)
        && issuer.equals(p.issuer)
        && tags.equals(p.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, account, userId, issuer, tags);
  }

  /** Builds a {@link Principal}. */
  public static final class Builder {
    private final Type type;
    private final String name;
    private String account;
    private String userId;
    private String issuer;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder(Type type, String name) {
      this.type = Objects.requireNonNull(type, "type");
      this.name = Objects.requireNonNull(name, "name");
    }

    Builder account(String account) {
      this.account = account;
      return this;
    }

    /** Sets the unique id ({@code AIDA…}, or {@code AROA…:session} for a role session). */
    public Builder userId(String userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      return this;
    }

    /** Sets the ARN of the role of a session (with its path) or the user who federated. */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Adds a principal (or session) tag. */
    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "tag value"));
      return this;
    }

    public Principal build() {
      return new Principal(this);
    }
  }
}
