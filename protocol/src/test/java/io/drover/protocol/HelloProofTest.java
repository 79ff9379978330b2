package io.drover.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelloProofTest {
  private final byte[] key = HelloProof.keyOf("s3cret");

  @Test
  void aProofVerifiesOnlyForItsNonceAppWorkerAndKey() {
    String nonce = HelloProof.newNonce();
    String proof = HelloProof.compute(key, nonce, "orders", "w1");

    assertThat(HelloProof.verify(key, nonce, "orders", "w1", proof)).isTrue();
    assertThat(HelloProof.verify(key, HelloProof.newNonce(), "orders", "w1", proof)).as("replayed").isFalse();
    assertThat(HelloProof.verify(key, nonce, "billing", "w1", proof)).as("other app").isFalse();
    assertThat(HelloProof.verify(key, nonce, "orders", "w2", proof)).as("other worker").isFalse();
    assertThat(HelloProof.verify(HelloProof.keyOf("wrong"), nonce, "orders", "w1", proof)).as("wrong key")
        .isFalse();
    assertThat(HelloProof.verify(key, nonce, "orders", "w1", null)).as("missing").isFalse();
    assertThat(HelloProof.verify(key, nonce, "orders", "w1", "garbage")).as("malformed").isFalse();
  }

  @Test
  void theKeyIsTheSha256TheServerStores() {
    // The server keeps HexFormat(SHA-256(secret)); this is the same digest.
    assertThat(java.util.HexFormat.of().formatHex(HelloProof.keyOf("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void noncesDoNotRepeat() {
    assertThat(HelloProof.newNonce()).isNotEqualTo(HelloProof.newNonce()).hasSize(32);
  }
}
