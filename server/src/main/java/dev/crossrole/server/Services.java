package dev.crossrole.server;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.AuthorizationMessageCodec;
import dev.crossrole.core.crypto.RegistryPasswordCodec;
import dev.crossrole.core.crypto.SecretBox;
import dev.crossrole.core.crypto.SessionTokenCodec;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.authz.DecisionCount;
import dev.crossrole.server.internal.cloudtrail.CloudTrailService;
import dev.crossrole.server.internal.ecr.EcrRegistryAuthorizer;
import dev.crossrole.server.internal.ecr.EcrRepositories;
import dev.crossrole.server.internal.ecr.EcrService;
import dev.crossrole.server.internal.iam.IamService;
import dev.crossrole.server.internal.json.JsonService;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryService;
import dev.crossrole.server.internal.registry.RegistryAuthorizer;
import dev.crossrole.server.internal.registry.RegistryEvents;
import dev.crossrole.server.internal.registry.RegistryImages;
import dev.crossrole.server.internal.request.UsageLog;
import dev.crossrole.server.internal.sts.DecodeAuthorizationMessage;
import dev.crossrole.server.internal.sts.StsService;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** The services of the endpoint, by the service name of the SigV4 credential scope. */
public final class Services {
  private Services() {}

  /** IAM and STS, counting their authorization decisions in {@code decisions}. */
  public static Map<String, QueryService> of(
      IdentityStore store,
      SecretBox secrets,
      SessionTokenCodec tokens,
      UsageLog usage,
      DecisionCount decisions) {
    AuthorizationMessageCodec messages = new AuthorizationMessageCodec(tokens.keyRing());
    QueryAccess access = new QueryAccess(new Access(new Authorizer(store), messages, decisions));
    return Map.of(
        "iam",
        new IamService(store, secrets, access, usage),
        "sts",
        new StsService(
            store, tokens, access, new DecodeAuthorizationMessage(messages, access), usage));
  }

  /**
   * The JSON protocol services: CloudTrail's LookupEvents, over the store's audit log, and ECR,
   * whose repository URIs and proxy endpoint name {@code registryUrl} and whose image calls go to
   * {@code images} (without a registry, reads find no images and writes are refused), telling the
   * time of first sightings by {@code clock}; its repositories are those of {@code region}, the
   * server's, whatever region a request is signed for.
   */
  public static Map<String, JsonService> json(
      IdentityStore store,
      SessionTokenCodec tokens,
      Optional<URI> registryUrl,
      Optional<RegistryImages> images,
      Clock clock,
      String region,
      DecisionCount decisions) {
    Access access =
        new Access(
            new Authorizer(store), new AuthorizationMessageCodec(tokens.keyRing()), decisions);
    return Map.of(
        "ecr",
        new EcrService(
            new EcrRepositories(store, access, registryUrl, region),
            new RegistryPasswordCodec(tokens.keyRing()),
            images,
            clock),
        "cloudtrail",
        new CloudTrailService(store.auditLog(), access));
  }

  /**
   * Where the registry's push events go: the store's push times, for paths {@code ACCOUNT-ID/NAME}
   * (the events endpoint has checked their shape).
   */
  public static RegistryEvents.PushLog pushLog(IdentityStore store) {
    return (path, digest, at) -> {
      int slash = path.indexOf('/');
      store.recordImagePush(path.substring(0, slash), path.substring(slash + 1), digest, at);
    };
  }

  /**
   * What the registry's token endpoint asks: logins by ECR password and the scopes IAM grants them,
   * for repositories of {@code region}, counting its decisions in {@code decisions}.
   */
  public static RegistryAuthorizer registryAuthorizer(
      IdentityStore store,
      SessionTokenCodec tokens,
      Clock clock,
      String region,
      DecisionCount decisions) {
    return new EcrRegistryAuthorizer(
        store, new RegistryPasswordCodec(tokens.keyRing()), clock, region, decisions);
  }
}
