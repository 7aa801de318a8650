"""Who boto3 is through one profile, against a crossrole server over HTTPS.

Run by TlsSeedStoryTest. Reads from the environment:
  AWS_CONFIG_FILE              the profiles (endpoint_url, region and, or not, ca_bundle)
  AWS_SHARED_CREDENTIALS_FILE  their keys
  CROSSROLE_PROFILE            the profile to ask as

Prints one JSON object: {"arn": ...} when the call succeeded, {"sslError": ...} when boto3 did not
verify the server's certificate.
"""

import json
import os

import boto3
from botocore.exceptions import SSLError

try:
    session = boto3.Session(profile_name=os.environ["CROSSROLE_PROFILE"])
    print(json.dumps({"arn": session.client("sts").get_caller_identity()["Arn"]}))
except SSLError as e:
    print(json.dumps({"sslError": str(e)}))
