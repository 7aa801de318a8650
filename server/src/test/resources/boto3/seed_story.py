"""The seed story through boto3, against a crossrole server.

Run by SeedStoryBoto3Test. Reads from the environment:
  CROSSROLE_ENDPOINT         the server's endpoint URL
  AWS_CONFIG_FILE            the server's DIR/config (profiles "ours", "build", "other",
                             each with region and endpoint_url)
  AWS_SHARED_CREDENTIALS_FILE  the server's DIR/credentials (their root keys)
  CROSSROLE_WORK_DIR         a directory for way 2's profile files

Prints one JSON object: each step's result ({"ok": ...}) or AWS error
({"error": {"code", "status", "message"}}), so the test can assert on each one. Secrets are never
printed.
"""

import json
import os
import sys

import boto3
import botocore
from botocore.exceptions import ClientError

ENDPOINT = os.environ["CROSSROLE_ENDPOINT"]
WORK_DIR = os.environ["CROSSROLE_WORK_DIR"]
OURS, BUILD, OTHER = "111111111111", "222222222222", "333333333333"
ROLE_NAME = "OURTHINGBUILDROLE"
ROLE_ARN = f"arn:aws:iam::{OURS}:role/{ROLE_NAME}"
BUILDER_ARN = f"arn:aws:iam::{BUILD}:user/builder"
EXTERNAL_ID = "some_key_build"


def trust(principal, external_id):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": principal},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": external_id}},
        }],
    })


def may_assume(role_arn):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role_arn}],
    })


ROLE_PERMISSIONS = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:ListRoles", "iam:GetRole"], "Resource": "*"}],
})


def attempt(fn):
    """Runs one step: {"ok": value}, {"error": AWS error}, or {"exception": anything else}."""
    try:
        return {"ok": fn()}
    except ClientError as e:
        return {"error": {
            "code": e.response.get("Error", {}).get("Code"),
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "message": e.response.get("Error", {}).get("Message", ""),
        }}
    except Exception as e:  # reported, never raised: the test asserts on it
        return {"exception": f"{type(e).__name__}: {e}"}


def client(service, keys):
    """A client with explicit keys (a dict of AccessKeyId/SecretAccessKey/SessionToken?)."""
    return boto3.session.Session().client(
        service,
        endpoint_url=ENDPOINT,
        region_name="us-east-1",
        aws_access_key_id=keys["AccessKeyId"],
        aws_secret_access_key=keys["SecretAccessKey"],
        aws_session_token=keys.get("SessionToken"),
    )


def assume(sts, external_id=None, role_arn=ROLE_ARN, session_name="boto3-way-1"):
    params = {"RoleArn": role_arn, "RoleSessionName": session_name}
    if external_id is not None:
        params["ExternalId"] = external_id
    r = sts.assume_role(**params)
    return {
        "AccessKeyIdPrefix": r["Credentials"]["AccessKeyId"][:4],
        "SecretLength": len(r["Credentials"]["SecretAccessKey"]),
        "HasSessionToken": bool(r["Credentials"].get("SessionToken")),
        "Expiration": r["Credentials"]["Expiration"].isoformat(),
        "AssumedRoleArn": r["AssumedRoleUser"]["Arn"],
        "AssumedRoleId": r["AssumedRoleUser"]["AssumedRoleId"],
        "_credentials": r["Credentials"],
    }


def public(step):
    """A step's result without the secrets it carries."""
    if "ok" in step and isinstance(step["ok"], dict):
        return {"ok": {k: v for k, v in step["ok"].items() if not k.startswith("_")}}
    return step


def main():
    out = {"boto3": boto3.__version__, "botocore": botocore.__version__}

    # Step 1, as "ours": the profile's endpoint_url and region, nothing in code.
    ours = boto3.session.Session(profile_name="ours")
    ours_iam = ours.client("iam")
    out["oursIamEndpoint"] = ours_iam.meta.endpoint_url
    out["oursIdentity"] = attempt(lambda: ours.client("sts").get_caller_identity()["Arn"])
    # The BUILD user first: a trust policy may name only users that exist, as in IAM.
    build_iam = boto3.session.Session(profile_name="build").client("iam")
    out["createUser"] = attempt(lambda: build_iam.create_user(UserName="builder")["User"]["Arn"])
    out["createRole"] = attempt(lambda: ours_iam.create_role(
        RoleName=ROLE_NAME, AssumeRolePolicyDocument=trust(BUILDER_ARN, EXTERNAL_ID))["Role"]["Arn"])
    out["putRolePolicy"] = attempt(lambda: ours_iam.put_role_policy(
        RoleName=ROLE_NAME, PolicyName="build", PolicyDocument=ROLE_PERMISSIONS) and True)

    # Step 2, as "build": the user's policy and keys.
    out["putUserPolicy"] = attempt(lambda: build_iam.put_user_policy(
        UserName="builder", PolicyName="assume-ours", PolicyDocument=may_assume(ROLE_ARN)) and True)
    key = build_iam.create_access_key(UserName="builder")["AccessKey"]
    out["builderKeyPrefix"] = key["AccessKeyId"][:4]
    builder_sts = client("sts", key)
    out["builderIdentity"] = attempt(lambda: builder_sts.get_caller_identity()["Arn"])

    # Step 3, way 1: assume the role explicitly, then act with the session.
    way1 = attempt(lambda: assume(builder_sts, EXTERNAL_ID))
    out["wayOne"] = public(way1)
    if "ok" in way1:
        session = way1["ok"]["_credentials"]
        out["wayOneIdentity"] = attempt(lambda: client("sts", session).get_caller_identity()["Arn"])
        session_iam = client("iam", session)
        out["wayOneListRoles"] = attempt(
            lambda: [r["RoleName"] for r in session_iam.list_roles()["Roles"]])
        out["wayOneListUsers"] = attempt(lambda: len(session_iam.list_users()["Users"]))
        token = session["SessionToken"]
        i = len(token) // 2
        tampered = dict(session, SessionToken=token[:i] + ("B" if token[i] == "A" else "A") + token[i + 1:])
        out["tamperedToken"] = attempt(lambda: client("sts", tampered).get_caller_identity()["Arn"])

    # Step 5: refusals.
    out["wrongExternalId"] = public(attempt(lambda: assume(builder_sts, "guessed")))
    out["missingExternalId"] = public(attempt(lambda: assume(builder_sts, None)))
    out["missingRole"] = public(attempt(
        lambda: assume(builder_sts, EXTERNAL_ID, role_arn=f"arn:aws:iam::{OURS}:role/Nope")))
    other_iam = boto3.session.Session(profile_name="other").client("iam")
    other_iam.create_user(UserName="outsider")
    other_iam.put_user_policy(
        UserName="outsider", PolicyName="assume-ours", PolicyDocument=may_assume(ROLE_ARN))
    outsider = other_iam.create_access_key(UserName="outsider")["AccessKey"]
    out["thirdAccountUser"] = public(attempt(lambda: assume(client("sts", outsider), EXTERNAL_ID)))
    wrong_secret = dict(key, SecretAccessKey=("B" if key["SecretAccessKey"][0] == "A" else "A")
                        + key["SecretAccessKey"][1:])
    out["wrongSecret"] = attempt(lambda: client("sts", wrong_secret).get_caller_identity()["Arn"])

    # Bad input.
    with_resource = json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": BUILDER_ARN},
                       "Action": "sts:AssumeRole", "Resource": "*"}],
    })
    out["malformedTrustPolicy"] = attempt(lambda: ours_iam.create_role(
        RoleName="Bad", AssumeRolePolicyDocument=with_resource)["Role"]["Arn"])
    out["duplicateUser"] = attempt(lambda: build_iam.create_user(UserName="builder")["User"]["Arn"])
    out["missingUser"] = attempt(lambda: build_iam.get_user(UserName="nobody")["User"]["Arn"])
    out["invalidUserName"] = attempt(lambda: build_iam.create_user(UserName="bad name!")["User"]["Arn"])

    # Step 4, way 2: the container script's files; role_arn, source_profile, external_id and
    # endpoint_url in the config file; boto3 assumes the role itself.
    config = os.path.join(WORK_DIR, "config")
    credentials = os.path.join(WORK_DIR, "credentials")
    with open(credentials, "w") as f:
        f.write(f"[builder]\naws_access_key_id = {key['AccessKeyId']}\n"
                f"aws_secret_access_key = {key['SecretAccessKey']}\n")
    with open(config, "w") as f:
        for name, external_id in (("build-role", EXTERNAL_ID), ("build-role-wrong", "guessed")):
            f.write(f"[profile {name}]\nrole_arn = {ROLE_ARN}\nsource_profile = builder\n"
                    f"external_id = {external_id}\nrole_session_name = boto3-way-2\n"
                    f"region = us-east-1\nendpoint_url = {ENDPOINT}\n\n")
        f.write(f"[profile builder]\nregion = us-east-1\nendpoint_url = {ENDPOINT}\n")
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    way2 = boto3.session.Session(profile_name="build-role").client("sts")
    out["wayTwoEndpoint"] = way2.meta.endpoint_url
    out["wayTwoIdentity"] = attempt(lambda: way2.get_caller_identity()["Arn"])
    out["wayTwoWrongExternalId"] = attempt(
        lambda: boto3.session.Session(profile_name="build-role-wrong").client("sts")
        .get_caller_identity()["Arn"])

    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
