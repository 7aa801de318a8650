package dev.crossrole.server.internal.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Issues the bearer tokens the registry accepts: JWTs signed with ES256 by the {@link SigningKey},
 * with the claims distribution 2.8 verifies ({@code iss}, {@code aud} = the service, {@code exp},
 * {@code nbf}) and the {@code access} list it authorizes each request by. The signer and header are
 * built once; each token costs one ECDSA signature. Thread-safe.
 */
public final class RegistryTokens {
  /** How long a registry token lives at most: a push or pull asks for a new one as it needs. */
  public static final Duration LIFETIME = Duration.ofMinutes(5);

  /** The {@code iss} claim, and the registry's {@code auth.token.issuer}. */
  public static final String ISSUER = "crossrole";

  /** The {@code aud} claim, and the registry's {@code auth.token.service}. */
  public static final String SERVICE = "crossrole-registry";

  /** What a token lets its bearer do on one resource, such as a repository. */
  public record Access(String type, String name, List<String> actions) {
    public Access {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      actions = List.copyOf(actions);
    }
  }

  /** A signed token, when it was issued and for how long it is valid. */
  public record Issued(String token, Instant issuedAt, Duration expiresIn) {
    @Override
    public String toString() {
      return "Issued[" + issuedAt + ", " + expiresIn + "]";
    }
  }

  private final JWSHeader header;
  private final Es256Signer signer;
  private final Clock clock;

  public RegistryTokens(SigningKey key, Clock clock) {
    this.header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(JOSEObjectType.JWT)
            .keyID(key.keyId())
            .build();
    this.signer = new Es256Signer(key.privateKey());
    this.clock = clock;
  }

  /**
   * A token's unique id. The registry does not check ids for replay, so they need to be unique, not
   * secret: a thread-local generator keeps the endpoint's threads from sharing one random source.
   */
  private static String tokenId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
  }

  /**
   * Signs a token for {@code subject} granting {@code access}, valid for {@link #LIFETIME} and
   * never past {@code notAfter}.
   */
  public Issued issue(String subject, List<Access> access, Instant notAfter) {
    Instant now = clock.instant();
    Instant expiry = now.plus(LIFETIME);
    if (notAfter.isBefore(expiry)) {
      expiry = notAfter;
    }
    // JWT times are whole seconds; round the expiry down so it never passes notAfter.
    long issuedSeconds = now.getEpochSecond();
    long expirySeconds = Math.max(issuedSeconds, expiry.getEpochSecond());
    List<Object> claims = new ArrayList<>(access.size());
    for (Access a : access) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("type", a.type());
      entry.put("name", a.name());
      entry.put("actions", a.actions());
      claims.add(entry);
    }
    JWTClaimsSet set =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .audience(SERVICE)
            .expirationTime(new Date(expirySeconds * 1000))
            .notBeforeTime(new Date(issuedSeconds * 1000))
            .issueTime(new Date(issuedSeconds * 1000))
            .jwtID(tokenId())
            .claim("access", claims)
            .build();
    SignedJWT jwt = new SignedJWT(header, set);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a registry token", e);
    }
    return new Issued(jwt.serialize(), now, Duration.ofSeconds(expirySeconds - issuedSeconds));
  }
}
