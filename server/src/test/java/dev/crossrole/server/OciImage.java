package dev.crossrole.server;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A one-layer OCI image written as an OCI layout directory (the form {@code skopeo copy
 * oci:DIR:TAG} reads): a gzipped tar layer holding one file, an image config, a manifest and the
 * index.
 */
record OciImage(Path layout, String tag, String manifestDigest, long size) {

  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  /** Writes an image whose one file holds {@code content}, tagged {@code tag} in the layout. */
  static OciImage write(Path layout, String tag, String content) throws IOException {
    Files.createDirectories(layout.resolve("blobs/sha256"));
    byte[] tar = tar("hello.txt", content.getBytes(UTF_8));
    byte[] layer = gzip(tar);
    String layerDigest = blob(layout, layer);
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
            + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + digest(tar)
            + "\"]}}";
    byte[] configBytes = config.getBytes(UTF_8);
    String configDigest = blob(layout, configBytes);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MANIFEST_TYPE
            + "\",\"config\":{\"mediaType\":\""
            + CONFIG_TYPE
            + "\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + configBytes.length
            + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
            + "\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + layer.length
            + "}]}";
    byte[] manifestBytes = manifest.getBytes(UTF_8);
    String manifestDigest = blob(layout, manifestBytes);
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + MANIFEST_TYPE
            + "\",\"digest\":\""
            + manifestDigest
            + "\",\"size\":"
            + manifestBytes.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}}]}");
    return new OciImage(layout, tag, manifestDigest, configBytes.length + (long) layer.length);
  }

  /** The manifest's bytes as written. */
  byte[] manifest() throws IOException {
    return Files.readAllBytes(
        layout.resolve("blobs/sha256").resolve(manifestDigest.substring("sha256:".length())));
  }

  private static String blob(Path layout, byte[] data) throws IOException {
    String digest = digest(data);
    Files.write(layout.resolve("blobs/sha256").resolve(digest.substring(7)), data);
    return digest;
  }

  static String digest(byte[] data) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A POSIX ustar archive of one regular file, mode 0644, owned by root, time 0. */
  private static byte[] tar(String name, byte[] content) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, "00000000000");
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[155] = ' ';
    int padded = (content.length + 511) / 512 * 512;
    byte[] tar = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, tar, 0, 512);
    System.arraycopy(content, 0, tar, 512, content.length);
    return tar;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
