package dev.crossrole.policy;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A statement's Principal or NotPrincipal. Values are kept as written, by type ({@code AWS}, {@code
 * Service}, {@code Federated}, {@code CanonicalUser}), or as the bare {@code "*"}.
 */
public final class PrincipalElement {
  /** How directly a statement names a principal; stronger grants survive more implicit denies. */
  enum Grant {
    NONE,
    /** Names the principal's account: the account delegates to its own identity policies. */
    ACCOUNT,
    /** Names the role of a session or the user behind a federated session. */
    ISSUER,
    /** Names the principal itself (or everyone). */
    DIRECT
  }

  private final boolean negated;
  private final boolean everyone;
  private final Map<String, List<String>> values;
  private final boolean awsWildcard;
  private final Set<String> accounts = new HashSet<>();
  private final Set<String> arns = new HashSet<>();
  private final Set<String> roles = new HashSet<>();
  private final Set<String> uniqueIds = new HashSet<>();
  private final Set<String> services = new HashSet<>();
  private final Set<String> providers = new HashSet<>();
  private final Set<String> canonicalUsers = new HashSet<>();

  /** The bare {@code "Principal": "*"} form. */
  static PrincipalElement everyone(boolean negated) {
    return new PrincipalElement(negated, true, Map.of());
  }

  /** The object form, values already validated by the reader. */
  static PrincipalElement of(boolean negated, Map<String, List<String>> values) {
    return new PrincipalElement(negated, false, values);
  }

  private PrincipalElement(boolean negated, boolean everyone, Map<String, List<String>> values) {
    this.negated = negated;
    this.everyone = everyone;
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.values = Collections.unmodifiableMap(copy);
    boolean wildcard = false;
    for (String v : values.getOrDefault("AWS", List.of())) {
      wildcard |= v.equals("*");
      index(v);
    }
    this.awsWildcard = wildcard;
    values
        .getOrDefault("Service", List.of())
        .forEach(s -> services.add(s.toLowerCase(Locale.ROOT)));
    providers.addAll(values.getOrDefault("Federated", List.of()));
    canonicalUsers.addAll(values.getOrDefault("CanonicalUser", List.of()));
  }

  private void index(String value) {
    if (value.matches("\\d{12}")) {
      accounts.add(value);
    } else if (value.endsWith(":root")) {
      accounts.add(accountOf(value));
    } else if (value.contains(":role/")) {
      roles.add(accountOf(value) + "/" + Principal.lastPathSegment(value));
    } else if (value.startsWith("arn:")) {
      arns.add(value);
    } else {
      uniqueIds.add(value);
    }
  }

  private static String accountOf(String arn) {
    String[] fields = arn.split(":", 6);
    return fields.length > 4 ? fields[4] : "";
  }

  /** Whether this is a NotPrincipal element. */
  public boolean negated() {
    return negated;
  }

  /** Whether the element is the bare {@code "*"}. */
  public boolean isEveryone() {
    return everyone;
  }

  /** The values by principal type, as written ({@code AWS}, {@code Service}, …). */
  public Map<String, List<String>> values() {
    return values;
  }

  /** How directly this element (read as a Principal) names {@code p}. */
  Grant grantFor(Principal p) {
    if (everyone) {
      return Grant.DIRECT;
    }
    switch (p.type()) {
      case SERVICE:
        return services.contains(p.arn().toLowerCase(Locale.ROOT)) ? Grant.DIRECT : Grant.NONE;
      case IDENTITY_PROVIDER:
        return providers.contains(p.arn()) ? Grant.DIRECT : Grant.NONE;
      case CANONICAL_USER:
        return canonicalUsers.contains(p.arn()) ? Grant.DIRECT : Grant.NONE;
      case ANONYMOUS:
        return awsWildcard ? Grant.DIRECT : Grant.NONE;
      default:
        return accountPrincipalGrant(p);
    }
  }

  private Grant accountPrincipalGrant(Principal p) {
    if (awsWildcard || namesItself(p)) {
      return Grant.DIRECT;
    }
    if (namesIssuer(p)) {
      return Grant.ISSUER;
    }
    return p.account().map(accounts::contains).orElse(false) ? Grant.ACCOUNT : Grant.NONE;
  }

  private boolean namesItself(Principal p) {
    return switch (p.type()) {
      case USER, FEDERATED_USER, ASSUMED_ROLE -> arns.contains(p.arn()) || idNamed(p);
      case ROLE -> namesRole(p.account(), p.arn()) || idNamed(p);
      default -> false;
    };
  }

  private boolean namesIssuer(Principal p) {
    Optional<String> issuer = p.issuer();
    if (issuer.isEmpty()) {
      return false;
    }
    if (p.type() == Principal.Type.ASSUMED_ROLE) {
      boolean roleId = p.userId().map(id -> uniqueIds.contains(id.split(":", 2)[0])).orElse(false);
      return roleId || namesRole(p.account(), issuer.get());
    }
    return p.type() == Principal.Type.FEDERATED_USER && arns.contains(issuer.get());
  }

  private boolean idNamed(Principal p) {
    return p.type() != Principal.Type.ASSUMED_ROLE
        && p.userId().map(uniqueIds::contains).orElse(false);
  }

  private boolean namesRole(Optional<String> account, String roleArn) {
    return account.isPresent()
        && roles.contains(account.get() + "/" + Principal.lastPathSegment(roleArn));
  }

  /**
   * Whether every identity a request by {@code p} is checked as — its account, then its role or
   * user, then its session — is listed: what a Deny with NotPrincipal needs to spare {@code p}.
   */
  boolean listsEveryIdentityOf(Principal p) {
    if (everyone || awsWildcard) {
      return true;
    }
    boolean account = p.account().map(accounts::contains).orElse(false);
    return switch (p.type()) {
      case ROOT -> account;
      case USER, FEDERATED_USER -> account && (arns.contains(p.arn()) || idNamed(p));
      case ROLE -> account && namesItself(p);
      case ASSUMED_ROLE -> account && arns.contains(p.arn()) && namesIssuer(p);
      default -> grantFor(p) != Grant.NONE;
    };
  }
}
