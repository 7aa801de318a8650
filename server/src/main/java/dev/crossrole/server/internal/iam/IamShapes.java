package dev.crossrole.server.internal.iam;

import dev.crossrole.core.AttachedPolicy;
import dev.crossrole.core.Group;
import dev.crossrole.core.ManagedPolicy;
import dev.crossrole.core.ManagedPolicyVersion;
import dev.crossrole.core.PolicyUsage;
import dev.crossrole.core.Role;
import dev.crossrole.core.User;
import dev.crossrole.server.internal.query.XmlResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The XML shapes of IAM's responses, members in the order of IAM's service model. */
public final class IamShapes {
  /** The namespace of IAM's responses. */
  public static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

  private IamShapes() {}

  /** Policy documents travel URL-encoded in IAM's responses (RFC 3986: spaces as %20). */
  static String encode(String document) {
    return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The members of {@code User}. */
  static void user(XmlResponse x, User u) {
    x.element("Path", u.path())
        .element("UserName", u.name())
        .element("UserId", u.userId())
        .element("Arn", u.arn())
        .element("CreateDate", u.created().toString());
    boundary(x, u.permissionsBoundaryArn());
    tags(x, u.tags());
  }

  /**
   * The members of {@code Role}, with its trust policy as shown: ids in place of the ARNs of
   * principals that are gone (see {@link TrustPrincipals#shown}).
   */
  static void role(XmlResponse x, Role r, String trustShown) {
    x.element("Path", r.path())
        .element("RoleName", r.name())
        .element("RoleId", r.roleId())
        .element("Arn", r.arn())
        .element("CreateDate", r.created().toString())
        .element("AssumeRolePolicyDocument", encode(trustShown))
        .element("Description", r.description().orElse(null))
        .element("MaxSessionDuration", Integer.toString(r.maxSessionDurationSeconds()));
    boundary(x, r.permissionsBoundaryArn());
    tags(x, r.tags());
  }

  /** The members of {@code Group}. */
  static void group(XmlResponse x, Group g) {
    x.element("Path", g.path())
        .element("GroupName", g.name())
        .element("GroupId", g.groupId())
        .element("Arn", g.arn())
        .element("CreateDate", g.created().toString());
  }

  /** The members of {@code Policy} (and the first ones of {@code ManagedPolicyDetail}). */
  static void policy(XmlResponse x, ManagedPolicy p, PolicyUsage usage, boolean withTags) {
    x.element("PolicyName", p.name())
        .element("PolicyId", p.policyId())
        .element("Arn", p.arn())
        .element("Path", p.path())
        .element("DefaultVersionId", p.defaultVersionId())
        .element("AttachmentCount", Integer.toString(usage.attachmentCount()))
        .element(
            "PermissionsBoundaryUsageCount",
            Integer.toString(usage.permissionsBoundaryUsageCount()))
        .element("IsAttachable", "true")
        .element("Description", p.description().orElse(null))
        .element("CreateDate", p.created().toString())
        .element("UpdateDate", p.updated().toString());
    if (withTags) {
      tags(x, p.tags());
    }
  }

  /** The members of {@code PolicyVersion}; the document only where IAM returns it. */
  static void version(XmlResponse x, ManagedPolicyVersion v, boolean withDocument) {
    if (withDocument) {
      x.element("Document", encode(v.document()));
    }
    x.element("VersionId", v.versionId())
        .element("IsDefaultVersion", Boolean.toString(v.isDefault()))
        .element("CreateDate", v.created().toString());
  }

  /** A list of {@code AttachedPolicy}, as the element {@code name}. */
  static void attached(XmlResponse x, String name, List<AttachedPolicy> policies) {
    x.open(name);
    for (AttachedPolicy p : policies) {
      x.open("member")
          .element("PolicyName", p.policyName())
          .element("PolicyArn", p.policyArn())
          .close("member");
    }
    x.close(name);
  }

  static void boundary(XmlResponse x, Optional<String> arn) {
    arn.ifPresent(
        a ->
            x.open("PermissionsBoundary")
                .element("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                .element("PermissionsBoundaryArn", a)
                .close("PermissionsBoundary"));
  }

  static void tags(XmlResponse x, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      x.open("Tags");
      tags.forEach(
          (k, v) -> x.open("member").element("Key", k).element("Value", v).close("member"));
      x.close("Tags");
    }
  }
}
