package dev.crossrole.cli;

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
 * The smallest image skopeo pushes, as an OCI layout directory ({@code oci:DIR:TAG}): one layer
 * holding an empty tar archive, a config naming it, a manifest and the index.
 */
final class TinyImage {
  private TinyImage() {}

  /** Writes the layout at {@code dir} with the image tagged {@code tag}; returns {@code dir}. */
  static Path write(Path dir, String tag) throws IOException {
    Files.createDirectories(dir.resolve("blobs/sha256"));
    byte[] tar = new byte[1024]; // an empty archive: two zero blocks
    byte[] layer = gzip(tar);
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\""
            + digest(tar)
            + "\"]}}";
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":"
            + descriptor(
                "application/vnd.oci.image.config.v1+json", blob(dir, config.getBytes(UTF_8)))
            + ",\"layers\":["
            + descriptor("application/vnd.oci.image.layer.v1.tar+gzip", blob(dir, layer))
            + "]}";
    String index =
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
            + "\"application/vnd.oci.image.manifest.v1+json\","
            + descriptorFields(blob(dir, manifest.getBytes(UTF_8)))
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}}]}";
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(dir.resolve("index.json"), index);
    return dir;
  }

  private static String descriptor(String mediaType, Blob blob) {
    return "{\"mediaType\":\"" + mediaType + "\"," + descriptorFields(blob) + "}";
  }

  private static String descriptorFields(Blob blob) {
    return "\"digest\":\"" + blob.digest() + "\",\"size\":" + blob.size();
  }

  private record Blob(String digest, int size) {}

  /** Stores {@code data} as a blob of the layout. */
  private static Blob blob(Path dir, byte[] data) throws IOException {
    String digest = digest(data);
    Files.write(dir.resolve("blobs/sha256").resolve(digest.substring(7)), data);
    return new Blob(digest, data.length);
  }

  private static String digest(byte[] data) {
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
}
