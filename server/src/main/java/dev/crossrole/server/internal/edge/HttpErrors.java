package dev.crossrole.server.internal.edge;

import dev.crossrole.server.internal.query.XmlResponse;
import java.util.UUID;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers to errors Jetty raises before a request reaches the endpoint (a malformed request
 * line, headers too large, a bad URI, an unsupported HTTP version) and to a handler that failed:
 * AWS's Query {@code ErrorResponse}, never Jetty's HTML page. Which service a malformed request
 * meant cannot be known, so the answer speaks in STS's namespace, as the endpoint does for a
 * request it cannot authenticate.
 */
final class HttpErrors extends ErrorHandler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
      status = http.getCode();
      response.setStatus(status);
    }
    String reason = HttpStatus.getMessage(status);
    if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      // A version no client of AWS speaks is the client's fault, not the server's.
      status = HttpStatus.BAD_REQUEST_400;
      response.setStatus(status);
    }
    if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    String requestId = UUID.randomUUID().toString();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=UTF-8");
    response.getHeaders().put("x-amzn-RequestId", requestId);
    Content.Sink.write(response, true, document(status, reason, requestId), callback);
    return true;
  }

  /**
   * AWS's common error for the status: the client's faults are HTTP-level malformations (the header
   * section too large named as S3 names it), the server's an internal failure or unavailability.
   * Jetty's reason is left out, since it may quote the request.
   */
  static String document(int status, String reason, String requestId) {
    String code;
    String message;
    if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) {
      code = "RequestHeaderSectionTooLarge";
      message = "Your request header section exceeds the maximum allowed size.";
    } else if (status == HttpStatus.PAYLOAD_TOO_LARGE_413) {
      code = "RequestEntityTooLargeException";
      message = "Problems with the request at the HTTP level. The request entity is too large.";
    } else if (status == HttpStatus.REQUEST_TIMEOUT_408) {
      code = "RequestTimeoutException";
      message = "Problems with the request at the HTTP level. Reading the request timed out.";
    } else if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
      code = "ServiceUnavailable";
      message = "The request has failed due to a temporary failure of the server.";
    } else if (status >= 500) {
      code = "InternalFailure";
      message =
          "The request processing has failed because of an unknown error, exception or failure.";
    } else {
      code = "MalformedHttpRequestException";
      message = "Problems with the request at the HTTP level: " + reason;
    }
    return XmlResponse.error(XmlResponse.STS_NAMESPACE, status < 500, code, message, requestId);
  }
}
