package dev.crossrole.policy;

/** The kinds of policy that take part in a decision, named as AWS's AccessDenied messages do. */
public enum PolicyType {
  IDENTITY("identity-based policy", "an identity-based policy", "identity"),
  RESOURCE("resource-based policy", "a resource-based policy", "resource"),
  PERMISSIONS_BOUNDARY("permissions boundary", "a permissions boundary", "permissionsBoundary"),
  SESSION("session policy", "a session policy", "session");

  private final String label;
  private final String withArticle;
  private final String id;

  PolicyType(String label, String withArticle, String id) {
    this.label = label;
    this.withArticle = withArticle;
    this.id = id;
  }

  /** The name AWS uses, such as {@code identity-based policy}. */
  public String label() {
    return label;
  }

  /** The name with its article, such as {@code an identity-based policy}. */
  public String withArticle() {
    return withArticle;
  }

  /** A stable machine-readable name, such as {@code permissionsBoundary}. */
  public String id() {
    return id;
  }
}
