package dev.crossrole.server.internal.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crossrole.server.internal.request.AwsException;

/**
 * A service spoken over AWS's JSON 1.1 protocol (ECR): an operation named by the {@code
 * X-Amz-Target} header and a JSON object in, a JSON object out.
 */
public interface JsonService {
  /** The prefix of its targets, such as {@code AmazonEC2ContainerRegistry_V20150921}. */
  String targetPrefix();

  /**
   * Performs the call and returns the response document.
   *
   * @throws AwsException for an unknown operation, bad input or a refused call
   */
  ObjectNode handle(JsonCall call);
}
