package dev.crossrole.cli;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.crossrole.server.CrossroleServer;
import dev.crossrole.server.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules and of the server's packages, as docs/architecture.md draws it. The
 * cli module sees every other module's classes, so the rules for all of them live here.
 */
class LayeringTest {
  private static final String SERVER = "dev.crossrole.server.internal.";
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.crossrole");
  }

  @Test
  void policy_dependsOnNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.policy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.crossrole.core..",
            "dev.crossrole.store..",
            "dev.crossrole.server..",
            "dev.crossrole.client..",
            "dev.crossrole.cli..")
        .check(main);
  }

  @Test
  void core_dependsOnPolicyOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.crossrole.store..",
            "dev.crossrole.server..",
            "dev.crossrole.client..",
            "dev.crossrole.cli..")
        .check(main);
  }

  @Test
  void store_dependsOnCoreAndPolicyOnly() {
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.crossrole.server..", "dev.crossrole.client..", "dev.crossrole.cli..")
        .check(main);
  }

  @Test
  void server_doesNotDependOnTheCli() {
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.crossrole.cli..", "dev.crossrole.client..")
        .check(main);
  }

  @Test
  void client_dependsOnNothingOfOurs() {
    // The client speaks the wire through the AWS SDK, so that it works against AWS itself.
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.crossrole.server..",
            "dev.crossrole.store..",
            "dev.crossrole.core..",
            "dev.crossrole.cli..",
            "dev.crossrole.policy..")
        .check(main);
  }

  @Test
  void services_doNotReachIntoEachOther() {
    serviceApart("iam", "sts", "ecr", "cloudtrail");
    serviceApart("sts", "iam", "ecr", "cloudtrail");
    serviceApart("ecr", "iam", "sts", "cloudtrail");
    serviceApart("cloudtrail", "iam", "sts", "ecr");
  }

  private static void serviceApart(String service, String... others) {
    String[] packages = new String[others.length];
    for (int i = 0; i < others.length; i++) {
      packages[i] = SERVER + others[i] + "..";
    }
    noClasses()
        .that()
        .resideInAPackage(SERVER + service + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(packages)
        .check(main);
  }

  @Test
  void sharedPackages_doNotDependOnAService() {
    noClasses()
        .that()
        .resideInAnyPackage(
            SERVER + "edge..",
            SERVER + "request..",
            SERVER + "query..",
            SERVER + "json..",
            SERVER + "authz..",
            SERVER + "sigv4..",
            SERVER + "registry..",
            SERVER + "metrics..",
            SERVER + "audit..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SERVER + "iam..", SERVER + "sts..", SERVER + "ecr..", SERVER + "cloudtrail..")
        .check(main);
  }

  @Test
  void sigv4_dependsOnNothingElseOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(SERVER + "sigv4..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.crossrole.server", SERVER + "edge..", SERVER + "query..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SERVER + "json..", SERVER + "authz..", SERVER + "registry..", SERVER + "request..")
        .check(main);
  }

  @Test
  void services_speakTheirOwnProtocolOnly() {
    for (String query : new String[] {"iam", "sts"}) {
      noClasses()
          .that()
          .resideInAPackage(SERVER + query + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(SERVER + "json..")
          .check(main);
    }
    noClasses()
        .that()
        .resideInAPackage(SERVER + "ecr..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(SERVER + "query..")
        .check(main);
  }

  @Test
  void serversParts_freeOfCycles() {
    slices().matching(SERVER + "(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void request_dependsOnSigv4AloneOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(SERVER + "request..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.crossrole.server",
            SERVER + "edge..",
            SERVER + "query..",
            SERVER + "json..",
            SERVER + "authz..",
            SERVER + "registry..")
        .check(main);
  }

  @Test
  void tls_dependsOnNothingElseOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(SERVER + "tls..")
        .should()
        .dependOnClassesThat(
            resideInAPackage("dev.crossrole.server..")
                .and(DescribedPredicate.not(resideInAPackage(SERVER + "tls.."))))
        .check(main);
  }

  @Test
  void authz_dependsOnNoProtocol() {
    noClasses()
        .that()
        .resideInAPackage(SERVER + "authz..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SERVER + "edge..", SERVER + "query..", SERVER + "json..", SERVER + "sigv4..")
        .check(main);
  }

  @Test
  void edge_onlyTheServersWiringDependsOnIt() {
    noClasses()
        .that()
        .resideOutsideOfPackages(SERVER + "edge..", "dev.crossrole.server")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(SERVER + "edge..")
        .check(main);
  }

  @Test
  void theServersParts_doNotDependOnItsWiring() {
    noClasses()
        .that()
        .resideInAPackage("dev.crossrole.server.internal..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(CrossroleServer.class, Services.class)
        .check(main);
  }

  @Test
  void metrics_dependsOnNothingElseOfTheServer() {
    // Any part may be measured, so the meters sit below every part.
    noClasses()
        .that()
        .resideInAPackage(SERVER + "metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.crossrole.server", SERVER + "edge..", SERVER + "request..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(
            SERVER + "authz..", SERVER + "query..", SERVER + "json..", SERVER + "registry..")
        .check(main);
  }
}
