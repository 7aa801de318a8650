package dev.crossrole.cli.internal.demo;

import java.time.Instant;

/** The policy documents of the seed story, as the demo writes them into its files. */
final class Policies {
  private Policies() {}

  /** The role's trust policy: {@code principalArn} may assume it with {@code externalId} only. */
  static String trust(String principalArn, String externalId) {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": "%s"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "%s"}}
          }]
        }
        """
        .formatted(principalArn, externalId);
  }

  /** Logging in to the registry: ECR's authorization token is requested for no one repository. */
  static String ecrLogin() {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": "ecr:GetAuthorizationToken",
            "Resource": "*"
          }]
        }
        """;
  }

  /** Pushing to and pulling from one repository, and nothing else. */
  static String pushAndPull(String repositoryArn) {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": [
              "ecr:BatchCheckLayerAvailability",
              "ecr:InitiateLayerUpload",
              "ecr:UploadLayerPart",
              "ecr:CompleteLayerUpload",
              "ecr:PutImage",
              "ecr:BatchGetImage",
              "ecr:GetDownloadUrlForLayer"
            ],
            "Resource": "%s"
          }]
        }
        """
        .formatted(repositoryArn);
  }

  /** The build user's permission to assume one role. */
  static String mayAssume(String roleArn) {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": "%s"
          }]
        }
        """
        .formatted(roleArn);
  }

  /**
   * AWS's "revoke active sessions" policy: every session of the role issued before {@code before}
   * is denied everything; sessions issued from then on are not affected.
   */
  static String revokeOlderSessions(Instant before) {
    return """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Deny",
            "Action": ["*"],
            "Resource": ["*"],
            "Condition": {"DateLessThan": {"aws:TokenIssueTime": "%s"}}
          }]
        }
        """
        .formatted(before);
  }
}
