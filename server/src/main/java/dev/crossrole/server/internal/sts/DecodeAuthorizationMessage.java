package dev.crossrole.server.internal.sts;

import dev.crossrole.core.crypto.AuthorizationMessageCodec;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryAnswer;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.query.Validation;
import dev.crossrole.server.internal.query.XmlResponse;
import dev.crossrole.server.internal.request.AwsException;
import java.util.Map;
import java.util.Optional;

/**
 * STS's DecodeAuthorizationMessage: opens the messages {@link Access} encodes for the caller's
 * account.
 */
public final class DecodeAuthorizationMessage {
  private final AuthorizationMessageCodec codec;
  private final QueryAccess access;

  public DecodeAuthorizationMessage(AuthorizationMessageCodec codec, QueryAccess access) {
    this.codec = codec;
    this.access = access;
  }

  /**
   * Decodes a message issued to the caller's account; authorized like any action on {@code *}.
   * Garbage, altered messages and those of another account are all {@code
   * InvalidAuthorizationMessageException}.
   */
  QueryAnswer decode(ServiceCall call) {
    String encoded = call.parameters().required("EncodedMessage");
    if (encoded.isEmpty() || encoded.length() > AuthorizationMessageCodec.MAX_ENCODED_LENGTH) {
      throw Validation.invalid(
          "encodedMessage",
          encoded,
          encoded.isEmpty()
              ? "Member must have length greater than or equal to 1"
              : "Member must have length less than or equal to "
                  + AuthorizationMessageCodec.MAX_ENCODED_LENGTH);
    }
    access.require(call, "sts:DecodeAuthorizationMessage", "*", Map.of(), Optional.empty());
    String decoded =
        codec
            .decode(call.caller().accountId(), encoded)
            .orElseThrow(
                () ->
                    AwsException.query(
                        "InvalidAuthorizationMessageException", 400, "Message is not valid"));
    return XmlResponse.result("DecodeAuthorizationMessage", StsService.NAMESPACE)
        .element("DecodedMessage", decoded)
        .finish("DecodeAuthorizationMessage", call.requestId());
  }
}
