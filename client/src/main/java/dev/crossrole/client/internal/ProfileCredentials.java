package dev.crossrole.client.internal;

import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * The credentials of a named profile as the AWS CLI resolves them. A way-2 profile ({@code
 * role_arn}, {@code source_profile}, {@code external_id}) assumes its role at the profile's own
 * endpoint ({@code endpoint_url}, its {@code services} section) and region, as the AWS CLI does:
 * the SDK's own profile support would call AWS's STS whatever the profile names, so it is used for
 * every other kind of profile only.
 */
public final class ProfileCredentials {
  private ProfileCredentials() {}

  /** The provider for {@code profile} of the SDK's profile files. */
  public static AwsCredentialsProvider of(String profile) {
    return of(profile, ProfileFile.defaultProfileFile(), new HashSet<>());
  }

  private static AwsCredentialsProvider of(String name, ProfileFile files, Set<String> seen) {
    Optional<Profile> profile = files.profile(name);
    Optional<String> role = profile.flatMap(p -> p.property("role_arn"));
    Optional<String> source = profile.flatMap(p -> p.property("source_profile"));
    if (role.isEmpty() || source.isEmpty() || !seen.add(name)) {
      // Also a source cycle: the SDK's provider reports it.
      return ProfileCredentialsProvider.builder().profileFile(files).profileName(name).build();
    }
    StsClient sts =
        StsClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(of(source.get(), files, seen))
            .overrideConfiguration(o -> o.defaultProfileName(name))
            .build();
    AssumeRoleRequest.Builder request =
        AssumeRoleRequest.builder()
            .roleArn(role.get())
            .roleSessionName(
                profile
                    .get()
                    .property("role_session_name")
                    .orElse("crossrole-" + Clock.systemUTC().millis()));
    profile.get().property("external_id").ifPresent(request::externalId);
    profile
        .get()
        .property("duration_seconds")
        .map(Integer::valueOf)
        .ifPresent(request::durationSeconds);
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(request.build())
        .build();
  }
}
