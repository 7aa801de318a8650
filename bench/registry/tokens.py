#!/usr/bin/env python3
"""Signing keys, certificates and bearer tokens for docker-registry's token authentication, made
the way crossrole makes its own (a self-signed certificate the registry trusts through
`auth.token.rootcertbundle`; a JWT whose `kid` is the key's libtrust fingerprint), in either of the
two key types distribution 2.8 accepts: EC P-256 (ES256, crossrole's) or RSA 2048 (RS256).

  tokens.py key ES256|RS256 DIR          writes DIR/key.pem (private, mode 600) and DIR/cert.pem
  tokens.py token DIR REPOSITORY SECONDS prints a token granting pull,push on REPOSITORY

The token's claims are those crossrole's endpoint issues (iss, sub, aud, exp, nbf, iat, jti,
access), so the registry does the same work to check it.
"""
import base64
import datetime
import hashlib
import json
import os
import secrets
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from cryptography.x509.oid import NameOID

ISSUER = "crossrole"
SERVICE = "crossrole-registry"


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def libtrust_key_id(public_key):
    """distribution's key id: base32 of the first 240 bits of SHA-256(DER of the public key)."""
    der = public_key.public_bytes(serialization.Encoding.DER,
                                  serialization.PublicFormat.SubjectPublicKeyInfo)
    s = base64.b32encode(hashlib.sha256(der).digest()[:30]).decode().rstrip("=")
    return ":".join(s[i:i + 4] for i in range(0, len(s), 4))


def make_key(alg, directory):
    key = ec.generate_private_key(ec.SECP256R1()) if alg == "ES256" else \
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "token signer " + alg)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "key.pem")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(os.path.join(directory, "cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))


def make_token(directory, repository, seconds):
    with open(os.path.join(directory, "key.pem"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), None)
    alg = "ES256" if isinstance(key, ec.EllipticCurvePrivateKey) else "RS256"
    now = int(time.time())
    header = {"kid": libtrust_key_id(key.public_key()), "typ": "JWT", "alg": alg}
    claims = {"sub": "arn:aws:sts::111111111111:assumed-role/OURTHINGBUILDROLE/bench",
              "aud": SERVICE, "nbf": now,
              "access": [{"type": "repository", "name": repository, "actions": ["pull", "push"]}],
              "iss": ISSUER, "exp": now + seconds, "iat": now, "jti": secrets.token_hex(16)}
    signing_input = (b64(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64(json.dumps(claims, separators=(",", ":")).encode())).encode()
    if alg == "RS256":
        signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    else:
        r, s = utils.decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing_input.decode() + "." + b64(signature)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "key" and sys.argv[2] in ("ES256", "RS256"):
        make_key(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "token":
        print(make_token(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
