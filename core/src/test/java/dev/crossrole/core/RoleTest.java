package dev.crossrole.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

  @Test
  void builder_unset_takesIamDefaults() {
    Role role =
        Role.builder("111111111111", "deployer")
            .roleId("AROADEPLOYER00000001")
            .created(T0)
            .trustPolicy(TRUST)
            .build();

    assertThat(role)
        .isEqualTo(
            new Role(
                "111111111111",
                "/",
                "deployer",
                "AROADEPLOYER00000001",
                T0,
                TRUST,
                Optional.empty(),
                3600,
                Optional.empty(),
                Map.of(),
                Map.of()));
  }

  @Test
  void toBuilder_everyField_buildsAnEqualRole() {
    Role role =
        Role.builder("111111111111", "deployer")
            .path("/ci/")
            .roleId("AROADEPLOYER00000001")
            .created(T0)
            .trustPolicy(TRUST)
            .description(Optional.of("deploys"))
            .maxSessionDurationSeconds(7200)
            .permissionsBoundaryArn(Optional.of("arn:aws:iam::111111111111:policy/boundary"))
            .tags(Map.of("team", "platform"))
            .trustPrincipalIds(Map.of("arn:aws:iam::111111111111:user/ci", "AIDACI"))
            .build();

    assertThat(role.toBuilder().build()).isEqualTo(role);
    assertThat(role.withTags(Map.of())).isEqualTo(role.toBuilder().tags(Map.of()).build());
  }

  @Test
  void build_noRoleId_isRefusedNamingIt() {
    Role.Builder builder = Role.builder("111111111111", "deployer").created(T0).trustPolicy(TRUST);

    assertThatThrownBy(builder::build)
        .isInstanceOf(NullPointerException.class)
        .hasMessage("roleId");
  }
}
