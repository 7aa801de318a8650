"""ECR through boto3, against a crossrole server.

Run by EcrBoto3Test. Reads from the environment:
  AWS_CONFIG_FILE              the server's DIR/config (profiles "ours" and "build", with region
                               and endpoint_url)
  AWS_SHARED_CREDENTIALS_FILE  the server's DIR/credentials (their root keys)

Prints one JSON object: each step's result ({"ok": ...}) or ECR error
({"error": {"code", "status", "message"}}), so the test can assert on each one. Passwords are
printed only by their prefix.
"""

import base64
import json
import sys

import boto3
from botocore.exceptions import ClientError

OURS, BUILD = "111111111111", "222222222222"
GRANT_BUILD = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{BUILD}:root"},
        "Action": ["ecr:DescribeRepositories", "ecr:ListImages"],
    }],
})

results = {}


def step(name, call):
    try:
        results[name] = {"ok": call()}
    except ClientError as e:
        results[name] = {"error": {
            "code": e.response["Error"]["Code"],
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
            "message": e.response["Error"].get("Message", ""),
        }}


ours = boto3.Session(profile_name="ours").client("ecr")
build = boto3.Session(profile_name="build").client("ecr")

step("create", lambda: ours.create_repository(
    repositoryName="ourthing/app",
    tags=[{"Key": "team", "Value": "platform"}],
    imageScanningConfiguration={"scanOnPush": True})["repository"]["repositoryArn"])
step("createAgain", lambda: ours.create_repository(repositoryName="ourthing/app"))
step("describe", lambda: [r["repositoryName"] for r in
                          ours.describe_repositories()["repositories"]])
step("paginated", lambda: [r["repositoryName"]
                           for page in ours.get_paginator("describe_repositories").paginate(
                               PaginationConfig={"PageSize": 1})
                           for r in page["repositories"]])
step("describeMissing", lambda: ours.describe_repositories(repositoryNames=["missing"]))
step("crossAccountBefore", lambda: build.describe_repositories(
    registryId=OURS, repositoryNames=["ourthing/app"]))
step("setPolicy", lambda: ours.set_repository_policy(
    repositoryName="ourthing/app", policyText=GRANT_BUILD)["policyText"])
step("crossAccountAfter", lambda: [r["repositoryUri"] for r in build.describe_repositories(
    registryId=OURS, repositoryNames=["ourthing/app"])["repositories"]])
step("crossAccountListImages", lambda: build.list_images(
    registryId=OURS, repositoryName="ourthing/app")["imageIds"])
step("crossAccountDelete", lambda: build.delete_repository(
    registryId=OURS, repositoryName="ourthing/app"))


def token():
    data = ours.get_authorization_token()["authorizationData"][0]
    user, password = base64.b64decode(data["authorizationToken"]).decode().split(":", 1)
    return {"user": user, "prefix": password[:7], "proxyEndpoint": data["proxyEndpoint"],
            "expiresInHours": round((data["expiresAt"].timestamp()
                                     - __import__("time").time()) / 3600)}


step("token", token)
step("describeRegistry", lambda: ours.describe_registry()["registryId"])
step("badPolicy", lambda: ours.set_repository_policy(
    repositoryName="ourthing/app", policyText="{\"Statement\":[]}"))
step("delete", lambda: ours.delete_repository(repositoryName="ourthing/app")
     ["repository"]["repositoryName"])
step("deleteAgain", lambda: ours.delete_repository(repositoryName="ourthing/app"))

json.dump(results, sys.stdout)
