#!/usr/bin/env python3
"""Writes an OCI image layout (the form `skopeo copy oci:DIR:TAG` reads) of LAYERS layers, each a
gzipped tar holding one file of random bytes (incompressible: the upload carries its full size),
with its config, manifest and index. Fresh random content on every call, so that no registry
already holds any of its blobs.

  oci_image.py DIR [--tag 1] [--layers 10] [--layer-kb 256]
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import tarfile
import time


def blob(layout, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(os.path.join(layout, "blobs", "sha256", digest[7:]), "wb") as f:
        f.write(data)
    return digest


def write(layout, tag, layers, layer_kb):
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    entries, diff_ids = [], []
    for n in range(layers):
        content = os.urandom(layer_kb * 1024)
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo(f"layer-{n}.bin")
            info.size = len(content)
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(content))
        tar_bytes = raw.getvalue()
        layer = gzip.compress(tar_bytes, compresslevel=1, mtime=0)
        diff_ids.append("sha256:" + hashlib.sha256(tar_bytes).hexdigest())
        entries.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": blob(layout, layer), "size": len(layer)})
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": blob(layout, config), "size": len(config)},
        "layers": entries}).encode()
    digest = blob(layout, manifest)
    with open(os.path.join(layout, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion":"1.0.0"}')
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
            "size": len(manifest),
            "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)
    return digest, sum(e["size"] for e in entries) + len(config)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("layout")
    ap.add_argument("--tag", default="1")
    ap.add_argument("--layers", type=int, default=10)
    ap.add_argument("--layer-kb", type=int, default=256)
    a = ap.parse_args()
    digest, size = write(a.layout, a.tag, a.layers, a.layer_kb)
    print(f"{digest} {size}")


if __name__ == "__main__":
    main()
