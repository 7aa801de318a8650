package dev.crossrole.server.internal.iam;

import dev.crossrole.core.Authorizer;
import dev.crossrole.core.IdentityStore;
import dev.crossrole.core.crypto.AuthorizationMessageCodec;
import dev.crossrole.core.crypto.KeyRing;
import dev.crossrole.core.crypto.TokenKey;
import dev.crossrole.policy.Principal;
import dev.crossrole.server.internal.authz.Access;
import dev.crossrole.server.internal.query.QueryAccess;
import dev.crossrole.server.internal.query.QueryParameters;
import dev.crossrole.server.internal.query.ServiceCall;
import dev.crossrole.server.internal.request.Caller;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Builds IAM calls of an account's root as the HTTP edge would, and reads their XML answers. */
public final class IamCalls {
  public static final String ACCOUNT = "111111111111";
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private IamCalls() {}

  /** A call of {@code action} by the account's root with the parameters given as name, value…. */
  /** Authorization over {@code store}'s policies, with a fresh key for encoded messages. */
  static QueryAccess access(IdentityStore store) {
    return new QueryAccess(
        new Access(
            new Authorizer(store),
            new AuthorizationMessageCodec(KeyRing.of(TokenKey.generate(Instant.now())))));
  }

  static ServiceCall root(String action, String... nameValues) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Action", action);
    for (int i = 0; i < nameValues.length; i += 2) {
      params.put(nameValues[i], nameValues[i + 1]);
    }
    return call(Principal.parse("arn:aws:iam::" + ACCOUNT + ":root"), params);
  }

  static ServiceCall call(Principal principal, Map<String, String> params) {
    StringBuilder form = new StringBuilder();
    params.forEach(
        (k, v) ->
            form.append(form.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return new ServiceCall(
        Caller.longTerm(principal, ACCOUNT, "AKIAAAAAAAAAAAAAAAAA"),
        params.get("Action"),
        QueryParameters.parse(form.toString()),
        "request-1",
        NOW,
        "127.0.0.1",
        "us-east-1",
        false);
  }

  /** The texts of the nodes an XPath (namespace-free local names) selects. */
  static List<String> texts(String xml, String xpath) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(false);
      Document doc =
          f.newDocumentBuilder()
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        out.add(nodes.item(i).getTextContent());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + xml, e);
    }
  }
}
