package io.drover.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The worker's proof of its app secret: {@code base64(HMAC-SHA256(key, nonce + "\n" + app + "\n" + workerId))}
 * where {@code key = SHA-256(secret)}. Servers store only that SHA-256 (never the secret), which is all they need to
 * check a proof; the plain secret never crosses the wire.
 */
public final class HelloProof {
  private static final SecureRandom RANDOM = new SecureRandom();

  private HelloProof() {}

  /** The HMAC key derived from a plain secret: its SHA-256. */
  public static byte[] keyOf(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  /** The proof a worker puts in its HELLO. */
  public static String compute(byte[] key, String nonce, String app, String workerId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig = mac.doFinal((nonce + "\n" + app + "\n" + workerId).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JVM", e);
    }
  }

  /** Checks a proof in constant time; false for a null or malformed proof. */
  public static boolean verify(byte[] key, String nonce, String app, String workerId, String proof) {
    if (proof == null || nonce == null) {
      return false;
    }
    byte[] expected = compute(key, nonce, app, workerId).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII));
  }

  /** A fresh nonce for one connection: 24 random bytes, base64. */
  public static String newNonce() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
