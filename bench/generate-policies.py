#!/usr/bin/env python3
"""Writes the fixed policy documents the JMH benchmarks read (src/main/resources/...).

Deterministic: running it again rewrites the same files. See docs/benchmarks.md.
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "src/main/resources/dev/crossrole/bench")

# --- HundredStatements: 100 statements; the request matches only statement 97. ---------------
UNRELATED_ACTIONS = [
    ["ec2:Describe*"],
    ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGet*"],
    ["logs:*"],
    ["kms:Decrypt", "kms:GenerateDataKey*"],
    ["sqs:SendMessage", "sqs:Receive*", "sqs:DeleteMessage"],
    ["cloudwatch:Get*", "cloudwatch:List*", "cloudwatch:Describe*"],
    ["lambda:InvokeFunction", "lambda:Get*"],
    ["sns:Publish"],
    ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:Describe*"],
    ["secretsmanager:GetSecretValue"],
]
S3_READ_ACTIONS = [["s3:Get*"], ["s3:GetObject", "s3:GetObjectVersion"], ["s3:*Object"],
                   ["s3:Get*", "s3:List*"]]


def failing_conditions(n):
    """Conditions whose keys the request carries; all but the last hold, the last fails."""
    passing = {
        "StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]},
        "Bool": {"aws:SecureTransport": "true"},
        "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"]},
        "StringLike": {"s3:ExistingObjectTag/classification": ["internal*", "confidential"]},
    }
    failing = [
        ("DateLessThan", {"aws:CurrentTime": "2024-%02d-28T23:59:59Z" % (n % 12 + 1)}),
        ("IpAddress", {"aws:SourceIp": "192.168.%d.0/24" % n}),
        ("StringEquals", {"aws:PrincipalTag/team": "team-%d" % n}),
        ("StringLike", {"s3:ExistingObjectTag/classification": "public-%d*" % n}),
        ("Bool", {"aws:SecureTransport": "false"}),
    ]
    op, kv = failing[n % len(failing)]
    cond = {k: dict(v) for k, v in passing.items()}
    cond.setdefault(op, {})
    cond.pop(op)
    cond[op] = kv  # the failing operator is last in the Condition block
    return cond


def hundred():
    statements = []
    for i in range(100):
        kind = i % 10
        sid = "S%03d" % i
        if i == 97:
            statements.append({
                "Sid": sid, "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"],
                "Resource": ["arn:aws:s3:::analytics-prod-*", "arn:aws:s3:::analytics-prod-*/reports/*"],
                "Condition": {
                    "StringEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"],
                                     "aws:PrincipalTag/team": "analytics"},
                    "Bool": {"aws:SecureTransport": "true"},
                    "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "172.16.0.0/12"]},
                    "StringLike": {"s3:ExistingObjectTag/classification": ["internal*", "confidential"]},
                    "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                }})
        elif i in (10, 50):
            # Guard rails: deny statements that cover s3 but whose conditions do not hold.
            statements.append({
                "Sid": sid, "Effect": "Deny", "Action": "s3:*", "Resource": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
        elif i in (30, 70):
            statements.append({
                "Sid": sid, "Effect": "Deny", "Action": ["s3:Delete*", "s3:PutBucket*"],
                "Resource": "arn:aws:s3:::analytics-prod-*"})
        elif kind in (0, 3, 6):
            statements.append({
                "Sid": sid, "Effect": "Allow", "Action": UNRELATED_ACTIONS[i % len(UNRELATED_ACTIONS)],
                "Resource": "arn:aws:*:us-east-1:222222222222:*/team-%d-*" % i,
                "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}})
        elif kind in (1, 8):
            statements.append({
                "Sid": sid, "Effect": "Allow", "Action": S3_READ_ACTIONS[i % len(S3_READ_ACTIONS)],
                "Resource": ["arn:aws:s3:::team-%d-*" % i, "arn:aws:s3:::team-%d-*/*" % i],
                "Condition": {"IpAddress": {"aws:SourceIp": "10.%d.0.0/16" % i}}})
        else:
            statements.append({
                "Sid": sid, "Effect": "Allow", "Action": S3_READ_ACTIONS[i % len(S3_READ_ACTIONS)],
                "Resource": "arn:aws:s3:::analytics-prod-*/*",
                "Condition": failing_conditions(i)})
    return {"Version": "2012-10-17", "Statement": statements}


# --- ParseSixKb: a managed policy of 6,000-6,144 characters without white space. ------------------
def managed():
    acct = "222222222222"
    statements = [
        {"Sid": "AssumeOurThingBuildRole", "Effect": "Allow", "Action": "sts:AssumeRole",
         "Resource": "arn:aws:iam::111111111111:role/OURTHINGBUILDROLE"},
        {"Sid": "EcrLogin", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {"Sid": "NoIamChanges", "Effect": "Deny",
         "Action": ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Update*"],
         "Resource": "*"},
    ]
    services = ["build", "deploy", "test", "release", "lint", "package", "scan", "publish",
                "docs", "cache", "metrics", "audit", "archive"]
    for n, svc in enumerate(services):
        statements.append({
            "Sid": "Artifacts%s" % svc.capitalize(), "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:List*"],
            "Resource": ["arn:aws:s3:::%s-artifacts-%s" % (svc, acct),
                         "arn:aws:s3:::%s-artifacts-%s/${aws:username}/*" % (svc, acct)],
            "Condition": {"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]},
                          "IpAddress": {"aws:SourceIp": ["10.%d.0.0/16" % n, "203.0.113.0/24"]},
                          "Bool": {"aws:SecureTransport": "true"}}})
    statements.append({
        "Sid": "Logs", "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:Describe*"],
        "Resource": "arn:aws:logs:*:%s:log-group:/build/*" % acct,
        "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                      "StringLike": {"aws:PrincipalTag/team": ["build-*", "release-*"]}}})
    statements.append({
        "Sid": "Metrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
        "Condition": {"StringEquals": {"cloudwatch:namespace": ["Build/Pipeline", "Build/Cache"]}}})
    doc = {"Version": "2012-10-17", "Id": "BuildPipelinePolicy", "Statement": statements}
    return doc


def size(text):
    return sum(1 for c in text if c not in " \t\r\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    h = json.dumps(hundred(), indent=2) + "\n"
    with open(os.path.join(OUT, "hundred-statements.json"), "w") as f:
        f.write(h)
    doc = managed()
    # Pad the Id until the size lands in 6,000-6,144 (IAM's managed-policy quota is 6,144).
    text = json.dumps(doc, indent=2)
    if size(text) > 6144:
        raise SystemExit("managed policy too large: %d" % size(text))
    pad = max(0, 6040 - size(text))
    filler = "-for-the-build-servers-of-account-222222222222-that-push-to-our-repositories" * 4
    doc["Id"] = doc["Id"] + filler[:pad]
    text = json.dumps(doc, indent=2) + "\n"
    assert 6000 <= size(text) <= 6144, size(text)
    with open(os.path.join(OUT, "managed-6kb.json"), "w") as f:
        f.write(text)
    print("hundred-statements.json: %d statements, %d chars" % (len(hundred()["Statement"]), size(h)))
    print("managed-6kb.json: %d statements, %d chars without white space"
          % (len(doc["Statement"]), size(text)))


if __name__ == "__main__":
    main()
