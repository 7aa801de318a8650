package dev.crossrole.server.internal.query;

import dev.crossrole.server.internal.request.AwsException;

/** A service spoken over the AWS Query protocol (IAM, STS): action in, XML document out. */
public interface QueryService {
  /**
   * The XML namespace of its responses, such as {@code https://sts.amazonaws.com/doc/2011-06-15/}.
   */
  String namespace();

  /**
   * Performs the call and returns the response document.
   *
   * @throws AwsException for an unknown action or bad input
   * @throws dev.crossrole.core.IdentityException for a refused operation
   */
  QueryAnswer handle(ServiceCall call);
}
