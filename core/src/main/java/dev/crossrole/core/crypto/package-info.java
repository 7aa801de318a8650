/**
 * The cryptography of crossrole's secrets: the master key that protects everything at rest ({@link
 * dev.crossrole.core.crypto.MasterKey}), authenticated encryption of small secrets bound to their
 * owner ({@link dev.crossrole.core.crypto.SecretBox}), the rotating keys of session tokens ({@link
 * dev.crossrole.core.crypto.TokenKey}, {@link dev.crossrole.core.crypto.KeyRing}), self-contained
 * session tokens ({@link dev.crossrole.core.crypto.SessionTokenCodec}) and AWS-shaped identifiers
 * ({@link dev.crossrole.core.crypto.Identifiers}).
 *
 * <p>Only the JDK's providers are used: AES-256-GCM, HMAC-SHA256 (HKDF) and {@link
 * java.security.SecureRandom}. No message or {@code toString} in this package ever contains key
 * material or a plaintext secret.
 */
package dev.crossrole.core.crypto;
