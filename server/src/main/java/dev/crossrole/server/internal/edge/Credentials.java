package dev.crossrole.server.internal.edge;

import dev.crossrole.core.AccessKey;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.User;
import dev.crossrole.core.crypto.InvalidTokenException;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.SessionClaims;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.authz.StandingPrincipals;
import dev.crossrole.server.internal.request.Caller;
import dev.crossrole.server.internal.sigv4.SignatureException;
import dev.crossrole.server.internal.sigv4.SigningSecret;
import dev.crossrole.server.internal.sigv4.SigningSecrets;
import java.time.Clock;
import java.util.Optional;

/**
 * Finds the secret behind an access key id, and who it belongs to: long-term keys ({@code AKIA…})
 * from the store, opened with the master key; temporary keys ({@code ASIA…}) from their session
 * token, which any node holding the token keys can decrypt, and one read of the store that the
 * session's role or user still exists with the unique id sealed in the token.
 */
public final class Credentials implements SigningSecrets<Caller> {
  private final IdentityStore store;
  private final SecretBox secrets;
  private final SessionTokenCodec tokens;
  private final Clock clock;

  public Credentials(
      IdentityStore store, SecretBox secrets, SessionTokenCodec tokens, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public Optional<SigningSecret<Caller>> find(String accessKeyId, Optional<String> securityToken) {
    if (securityToken.isPresent()) {
      return temporary(accessKeyId, securityToken.get());
    }
    return longTerm(accessKeyId);
  }

  private Optional<SigningSecret<Caller>> temporary(String accessKeyId, String token) {
    SessionClaims claims;
    try {
      claims = tokens.decode(token);
    } catch (InvalidTokenException e) {
      return Optional.empty();
    }
    if (!claims.accessKeyId().equals(accessKeyId)) {
      return Optional.empty();
    }
    if (claims.isExpired(clock.instant())) {
      throw SignatureException.expiredToken();
    }
    Caller caller = caller(claims);
    // A session outlives neither its role or user nor their unique id: once the role or user is
    // deleted (or re-created, with a new id) its sessions are refused on every request, as keys of
    // a deleted user are, with STS's answer for credentials it no longer recognises:
    // InvalidClientTokenId, "The security token included in the request is invalid."
    if (!StandingPrincipals.stands(store, caller.principal())) {
      return Optional.empty();
    }
    return Optional.of(SigningSecret.of(claims.secretAccessKey(), caller));
  }

  /**
   * The caller a token stands for, from the token alone: a role session's tags are its principal
   * tags (the role's tags as they were at AssumeRole, overridden by the session's tags), so
   * policies see {@code aws:PrincipalTag/…} without a store lookup.
   */
  static Caller caller(SessionClaims claims) {
    Principal.Builder principal;
    if (claims.subject() instanceof SessionClaims.RoleSession role) {
      principal =
          Principal.builder(role.callerArn()).userId(role.callerUserId()).issuer(role.roleArn());
    } else {
      SessionClaims.UserSession user = (SessionClaims.UserSession) claims.subject();
      principal = Principal.builder(user.callerArn()).userId(user.callerUserId());
    }
    claims.tags().forEach(principal::tag);
    return new Caller(
        principal.build(),
        claims.accountId(),
        claims.accessKeyId(),
        claims.sessionPolicy(),
        Optional.of(claims.issuedAt()),
        claims.sourceIdentity(),
        claims.transitiveTagKeys(),
        claims.policyArns(),
        Optional.of(claims.expiresAt()));
  }

  private Optional<SigningSecret<Caller>> longTerm(String accessKeyId) {
    if (!accessKeyId.startsWith("AKIA")) {
      return Optional.empty();
    }
    Optional<AccessKey> key = store.accessKey(accessKeyId);
    if (key.isEmpty() || key.get().status() != AccessKey.Status.ACTIVE) {
      return Optional.empty();
    }
    AccessKey k = key.get();
    Optional<Principal> principal = principal(k);
    if (principal.isEmpty()) {
      return Optional.empty();
    }
    String secret = secrets.openText(k.sealedSecret(), k.accessKeyId());
    return Optional.of(
        SigningSecret.of(secret, Caller.longTerm(principal.get(), k.accountId(), k.accessKeyId())));
  }

  private Optional<Principal> principal(AccessKey key) {
    if (key.isRootKey()) {
      return store.accountById(key.accountId()).map(a -> Principal.parse(a.rootArn()));
    }
    Optional<User> user = store.user(key.accountId(), key.userName().orElseThrow());
    return user.map(
        u -> {
          Principal.Builder b = Principal.builder(u.arn()).userId(u.userId());
          u.tags().forEach(b::tag);
          return b.build();
        });
  }
}
