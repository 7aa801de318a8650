package dev.crossrole.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crossrole.core.crypto.Identifiers;
import dev.crossrole.policy.AuthorizationRequest;
import dev.crossrole.policy.Grammar;
import dev.crossrole.policy.NamedPolicy;
import dev.crossrole.policy.PolicyDocument;
import dev.crossrole.policy.PolicyEvaluator;
import dev.crossrole.policy.PolicySet;
import dev.crossrole.policy.Principal;
import org.junit.jupiter.api.Test;

class AwsManagedPoliciesTest {
  private static final String PREFIX = "arn:aws:iam::aws:policy/";

  @Test
  void all_areTheBuildSetupsPoliciesWithParseableDocuments() {
    assertThat(AwsManagedPolicies.all())
        .extracting(e -> e.policy().name())
        .containsExactly(
            "AdministratorAccess",
            "AmazonEC2ContainerRegistryFullAccess",
            "AmazonEC2ContainerRegistryPowerUser",
            "AmazonEC2ContainerRegistryReadOnly",
            "IAMReadOnlyAccess",
            "PowerUserAccess",
            "ReadOnlyAccess");
    for (AwsManagedPolicies.Entry e : AwsManagedPolicies.all()) {
      assertThat(e.policy().arn()).isEqualTo(PREFIX + e.policy().name());
      assertThat(e.policy().awsManaged()).isTrue();
      assertThat(e.policy().policyId()).matches(Identifiers.POLICY_ID);
      assertThat(e.defaultVersion().versionId()).isEqualTo(e.policy().defaultVersionId());
      assertThat(e.defaultVersion().isDefault()).isTrue();
      assertThat(PolicyDocument.parse(e.defaultVersion().document(), Grammar.IDENTITY).statements())
          .isNotEmpty();
    }
  }

  @Test
  void readOnlyAccess_isAwssFullDocument() {
    String doc =
        AwsManagedPolicies.byArn(PREFIX + "ReadOnlyAccess")
            .orElseThrow()
            .defaultVersion()
            .document();

    // The real document is far beyond a customer managed policy's 6,144 characters.
    assertThat(PolicyDocument.sizeWithoutWhitespace(doc)).isGreaterThan(60_000);
    assertThat(doc).contains("\"ecr:BatchGet*\"", "\"iam:List*\"", "\"s3:Get*\"");
  }

  @Test
  void byArn_ignoresCaseAndKnowsNoOthers() {
    assertThat(AwsManagedPolicies.byArn("arn:aws:iam::aws:policy/administratoraccess")).isPresent();
    assertThat(AwsManagedPolicies.byArn(PREFIX + "AmazonS3FullAccess")).isEmpty();
    assertThat(AwsManagedPolicies.isAwsManagedArn("arn:aws:iam::111111111111:policy/x")).isFalse();
  }

  @Test
  void powerUser_allowsEcrButNotIam() {
    assertThat(allows("PowerUserAccess", "ecr:PutImage")).isTrue();
    assertThat(allows("PowerUserAccess", "iam:CreateUser")).isFalse();
    assertThat(allows("AmazonEC2ContainerRegistryReadOnly", "ecr:BatchGetImage")).isTrue();
    assertThat(allows("AmazonEC2ContainerRegistryReadOnly", "ecr:PutImage")).isFalse();
    assertThat(allows("ReadOnlyAccess", "ecr:BatchGetImage")).isTrue();
    assertThat(allows("ReadOnlyAccess", "ecr:PutImage")).isFalse();
  }

  private static boolean allows(String name, String action) {
    String doc = AwsManagedPolicies.byArn(PREFIX + name).orElseThrow().defaultVersion().document();
    PolicySet set =
        PolicySet.builder()
            .identityPolicy(new NamedPolicy(name, PolicyDocument.parse(doc, Grammar.IDENTITY)))
            .build();
    return PolicyEvaluator.evaluate(
            AuthorizationRequest.builder(
                    Principal.parse("arn:aws:iam::111111111111:user/bob"),
                    action,
                    "arn:aws:ecr:us-east-1:111111111111:repository/app")
                .build(),
            set)
        .allowed();
  }
}
