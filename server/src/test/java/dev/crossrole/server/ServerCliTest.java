package dev.crossrole.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crossrole.core.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's contract as the real AWS CLI sees it: profile files, SigV4, STS errors. */
class ServerCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private CrossroleServer start() {
    return CrossroleServer.start(
        ServerConfig.builder(data)
            .port(0)
            .account(new Account("ours", "111111111111"))
            .account(new Account("build", "222222222222"))
            .build());
  }

  @Test
  void getCallerIdentity_rootProfiles_namesEachAccountsRoot() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      AwsCli aws = new AwsCli(data);
      for (var account : Map.of("ours", "111111111111", "build", "222222222222").entrySet()) {
        AwsCli.Result r =
            aws.run(Map.of(), "sts", "get-caller-identity", "--profile", account.getKey());

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode identity = JSON.readTree(r.out());
        assertThat(identity.get("Account").asText()).isEqualTo(account.getValue());
        assertThat(identity.get("Arn").asText())
            .isEqualTo("arn:aws:iam::" + account.getValue() + ":root");
        assertThat(identity.get("UserId").asText()).isEqualTo(account.getValue());
      }
    }
  }

  @Test
  void getCallerIdentity_wrongSecret_signatureDoesNotMatch() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      String credentials = Files.readString(data.resolve("credentials"));
      // Flip the secret's first character to one it is not, whatever the generated secret is.
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("(aws_secret_access_key = )(.)").matcher(credentials);
      assertThat(m.find()).isTrue();
      String flipped = m.group(2).equals("Z") ? "Y" : "Z";
      String tampered =
          credentials.substring(0, m.start(2)) + flipped + credentials.substring(m.end(2));
      Path other = Files.createDirectory(data.resolve("other"));
      Files.writeString(other.resolve("credentials"), tampered);
      Files.copy(data.resolve("config"), other.resolve("config"));

      AwsCli.Result r =
          new AwsCli(other).run(Map.of(), "sts", "get-caller-identity", "--profile", "ours");

      assertThat(r.exitCode()).isNotZero();
      assertThat(r.err()).contains("SignatureDoesNotMatch");
    }
  }

  @Test
  void getCallerIdentity_unknownKey_invalidClientTokenId() {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      AwsCli.Result r =
          new AwsCli(data)
              .run(
                  Map.of(
                      "AWS_ACCESS_KEY_ID", "AKIAAAAAAAAAAAAAAAAA",
                      "AWS_SECRET_ACCESS_KEY", "0000000000000000000000000000000000000000",
                      "AWS_DEFAULT_REGION", "us-east-1"),
                  "sts",
                  "get-caller-identity",
                  "--endpoint-url",
                  server.endpoint());

      assertThat(r.exitCode()).as(r.out() + r.err()).isNotZero();
      assertThat(r.err()).contains("InvalidClientTokenId");
    }
  }

  @Test
  void restart_keepsAccountsAndKeys() throws Exception {
    String before;
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      before = Files.readString(data.resolve("credentials"));
    }
    try (CrossroleServer server =
        CrossroleServer.start(ServerConfig.builder(data).port(0).build())) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      assertThat(Files.readString(data.resolve("credentials"))).isEqualTo(before);
      AwsCli.Result r =
          new AwsCli(data).run(Map.of(), "sts", "get-caller-identity", "--profile", "build");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(JSON.readTree(r.out()).get("Account").asText()).isEqualTo("222222222222");
    }
  }

  @Test
  void listUsers_pageSizeOne_cliFollowsMarkersToEveryUser() throws Exception {
    try (CrossroleServer server = start()) {
      assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
      AwsCli aws = new AwsCli(data);
      for (String name : new String[] {"carol", "alice", "Bob"}) {
        assertThat(
                aws.run(Map.of(), "--profile", "ours", "iam", "create-user", "--user-name", name)
                    .exitCode())
            .isZero();
      }

      AwsCli.Result r =
          aws.run(
              Map.of(),
              "--profile",
              "ours",
              "iam",
              "list-users",
              "--page-size",
              "1",
              "--query",
              "Users[].UserName");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(JSON.readTree(r.out()).toString()).isEqualTo("[\"alice\",\"Bob\",\"carol\"]");
    }
  }
}
