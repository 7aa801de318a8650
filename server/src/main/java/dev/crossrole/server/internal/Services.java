package dev.crossrole.server.internal;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.internal.crypto.AuthorizationMessageCodec;
import dev.crossrole.core.internal.crypto.SecretBox;
import dev.crossrole.core.internal.crypto.SessionTokenCodec;
import java.util.Map;

/** The services of the endpoint, by the service name of the SigV4 credential scope. */
public final class Services {
  private Services() {}

  public static Map<String, QueryService> of(
      IdentityStore store, SecretBox secrets, SessionTokenCodec tokens, UsageLog usage) {
    AuthorizationMessageCodec messages = new AuthorizationMessageCodec(tokens.keyRing());
    Access access = new Access(new Authorizer(store), messages);
    return Map.of(
        "iam",
        new IamService(store, secrets, access, usage),
        "sts",
        new StsService(store, tokens, access, new AuthorizationMessages(messages, access), usage));
  }
}
