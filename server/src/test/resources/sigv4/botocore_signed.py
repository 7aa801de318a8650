"""Writes botocore-signed.tsv: requests signed by botocore's own SigV4 signers (SigV4Auth for the
Authorization header, SigV4QueryAuth for presigned URLs), as the server would receive them.

Run from this directory with a Python that has botocore:  python botocore_signed.py
Columns (tab-separated): name, method, raw path, raw query, base64 body, headers joined by U+001F
as Name:value. The HTTP client adds Host, so it is added here. The credentials are AWS's
documentation examples.
"""
import base64
import datetime
from unittest import mock
from urllib.parse import urlsplit

import botocore
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
LONG_TERM = Credentials("AKIAIOSFODNN7EXAMPLE", SECRET)
SESSION = Credentials("ASIAIOSFODNN7EXAMPLE", SECRET, "tok/en+==")
NOW = datetime.datetime(2026, 3, 1, 10, 0, 0)
ENDPOINT = "http://127.0.0.1:4747"
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def requests():
    r = AWSRequest("POST", ENDPOINT + "/", data="Action=GetCallerIdentity&Version=2011-06-15", headers=FORM)
    SigV4Auth(LONG_TERM, "sts", "us-east-1").add_auth(r)
    yield "sts-post", r
    r = AWSRequest("POST", ENDPOINT + "/", data="Action=ListUsers&Version=2010-05-08", headers=FORM)
    SigV4Auth(SESSION, "iam", "us-east-1").add_auth(r)
    yield "iam-post-session", r
    r = AWSRequest("GET", ENDPOINT + "/a%20b//c/./d/../e?Marker=x%2By&MaxItems=10&b=%E1%88%B4&empty=")
    SigV4Auth(LONG_TERM, "iam", "us-east-1").add_auth(r)
    yield "iam-get-odd-path", r
    r = AWSRequest("GET", ENDPOINT + "/?Action=GetCallerIdentity&Version=2011-06-15")
    SigV4QueryAuth(SESSION, "sts", "us-east-1", expires=60).add_auth(r)
    yield "sts-presigned-session", r
    r = AWSRequest(
        "POST",
        ENDPOINT + "/",
        data='{"repositoryNames":["ourthing"]}',
        headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
        },
    )
    SigV4Auth(LONG_TERM, "ecr", "us-east-1").add_auth(r)
    yield "ecr-json", r


def main():
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        rows = []
        for name, request in requests():
            prepared = request.prepare()
            url = urlsplit(prepared.url)
            headers = [k + ":" + v for k, v in prepared.headers.items()] + ["Host:" + url.netloc]
            body = prepared.body or b""
            if isinstance(body, str):
                body = body.encode()
            rows.append("\t".join([name, prepared.method, url.path, url.query,
                                   base64.b64encode(body).decode(), "\x1f".join(headers)]))
    with open("botocore-signed.tsv", "w") as out:
        out.write("# signed by botocore " + botocore.__version__ + "\n")
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
