package dev.crossrole.core.crypto;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Claims shaped like the seed story's sessions, shared by the tests. */
final class Fixtures {
  static final Instant ISSUED = Instant.parse("2025-03-01T12:00:00.123456789Z");
  static final Instant EXPIRES = ISSUED.plus(Duration.ofHours(1));
  static final String ROLE_ARN = "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private Fixtures() {}

  static SessionClaims.RoleSession buildRole() {
    return new SessionClaims.RoleSession(ROLE_ARN, "AROAEXAMPLEROLEID2345", "build-1234");
  }

  /** The seed's way-1 session: no policy, no tags. */
  static SessionClaims minimal() {
    return SessionClaims.builder(
            "ASIAEXAMPLE234567ABC", SECRET, "111111111111", buildRole(), ISSUED, EXPIRES)
        .build();
  }

  /** Every optional field set, with a session policy of {@code policyChars} characters. */
  static SessionClaims full(int policyChars) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("team", "platform");
    tags.put("build", "1234");
    tags.put("empty", "");
    return SessionClaims.builder(
            Identifiers.temporaryAccessKeyId(),
            Identifiers.secretAccessKey(),
            "111111111111",
            new SessionClaims.RoleSession(
                "arn:aws:iam::111111111111:role/ci/builds/OURTHINGBUILDROLE",
                Identifiers.roleId(),
                "builder@example.com"),
            ISSUED,
            EXPIRES)
        .sourceIdentity("builder")
        .sessionPolicy(policy(policyChars))
        .policyArns(
            List.of(
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
                "arn:aws:iam::111111111111:policy/ci/push-only"))
        .tags(tags)
        .transitiveTagKeys(Set.of("team"))
        .build();
  }

  /**
   * A realistic policy document padded to exactly {@code chars} characters with more resource ARNs,
   * the way a long session policy grows.
   */
  static String policy(int chars) {
    String head =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":["
            + "\"ecr:BatchCheckLayerAvailability\",\"ecr:PutImage\",\"ecr:InitiateLayerUpload\","
            + "\"ecr:UploadLayerPart\",\"ecr:CompleteLayerUpload\"],\"Resource\":[";
    String tail = "]}]}";
    StringBuilder b = new StringBuilder(head);
    int i = 0;
    while (true) {
      String next =
          (i == 0 ? "" : ",") + "\"arn:aws:ecr:us-east-1:111111111111:repository/app-" + i + "\"";
      if (b.length() + next.length() + tail.length() > chars) {
        break;
      }
      b.append(next);
      i++;
    }
    b.append(tail);
    while (b.length() < chars) {
      b.insert(head.length() - 1, ' ');
    }
    return b.toString();
  }

  static KeyRing ring(String id) {
    return KeyRing.of(key(id));
  }

  static TokenKey key(String id) {
    return withId(TokenKey.generate(ISSUED), id);
  }

  private static TokenKey withId(TokenKey k, String id) {
    return new TokenKey(id, k.material(), k.created());
  }
}
