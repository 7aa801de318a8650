#!/usr/bin/env python3
"""The seed scenario up to a registry login, on a running crossrole server, with boto3.

  setup.py --data DIR --repositories N --out DIR

As `ours` (111111111111): the role OURTHINGBUILDROLE, trusted by 222222222222's user `builder` with
the ExternalId, allowed ecr:GetAuthorizationToken and the push and pull actions on
`ourthing/*`; the repositories `ourthing/app` and `ourthing/bench-1` … `ourthing/bench-N` (fresh
names, so that every timed push really uploads its blobs). As `build`: the user, its keys and its
policy to assume the role. Then AssumeRole with builder's keys and GetAuthorizationToken with the
session's credentials: the ECR password goes to OUT/password (mode 600), never to standard output.
Profiles and endpoint come from DIR/config and DIR/credentials, as the server wrote them.
"""
import argparse
import base64
import configparser
import json
import os

import boto3

ROLE = "OURTHINGBUILDROLE"
ROLE_ARN = "arn:aws:iam::111111111111:role/" + ROLE
REPOSITORIES = "arn:aws:ecr:us-east-1:111111111111:repository/ourthing/*"
PUSH = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
        "ecr:CompleteLayerUpload", "ecr:PutImage"]
PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--repositories", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.environ["AWS_CONFIG_FILE"] = os.path.join(a.data, "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(a.data, "credentials")
    ours = boto3.Session(profile_name="ours")
    build = boto3.Session(profile_name="build")
    config = configparser.ConfigParser()
    config.read(os.environ["AWS_CONFIG_FILE"])
    endpoint = config["profile ours"]["endpoint_url"]

    # The user first: a trust policy may name only users that exist, as in IAM.
    biam = build.client("iam")
    biam.create_user(UserName="builder")
    iam = ours.client("iam")
    iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow",
                       "Principal": {"AWS": "arn:aws:iam::222222222222:user/builder"},
                       "Action": "sts:AssumeRole",
                       "Condition": {"StringEquals": {"sts:ExternalId": "some_key_build"}}}]}))
    iam.put_role_policy(RoleName=ROLE, PolicyName="ecr-push-pull", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
                      {"Effect": "Allow", "Action": sorted(set(PUSH + PULL)),
                       "Resource": REPOSITORIES}]}))
    ecr = ours.client("ecr")
    names = ["ourthing/app"] + [f"ourthing/bench-{i}" for i in range(1, a.repositories + 1)]
    for name in names:
        ecr.create_repository(repositoryName=name)

    biam.put_user_policy(UserName="builder", PolicyName="AssumeOurThingBuildRole",
                         PolicyDocument=json.dumps({
                             "Version": "2012-10-17",
                             "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                            "Resource": ROLE_ARN}]}))
    key = biam.create_access_key(UserName="builder")["AccessKey"]

    builder = boto3.Session(aws_access_key_id=key["AccessKeyId"],
                            aws_secret_access_key=key["SecretAccessKey"], region_name="us-east-1")
    creds = builder.client("sts", endpoint_url=endpoint).assume_role(
        RoleArn=ROLE_ARN, RoleSessionName="bench", ExternalId="some_key_build")["Credentials"]
    session = boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                            aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"], region_name="us-east-1")
    token = session.client("ecr", endpoint_url=endpoint).get_authorization_token()
    data = token["authorizationData"][0]
    user, password = base64.b64decode(data["authorizationToken"]).decode().split(":", 1)
    assert user == "AWS", user
    path = os.path.join(a.out, "password")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password)
    print(f"setup: role {ROLE_ARN}, {len(names)} repositories, session "
          f"{creds['AccessKeyId'][:4]}…, ECR login valid until {data['expiresAt']}, "
          f"proxy endpoint {data['proxyEndpoint']}")


if __name__ == "__main__":
    main()
