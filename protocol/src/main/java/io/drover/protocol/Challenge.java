package io.drover.protocol;

/**
 * The first frame on every connection, sent by the server: a fresh random nonce the worker proves its app secret
 * against in its HELLO (see {@link HelloProof}). A nonce is used for one connection only, so a recorded proof cannot
 * be replayed on another.
 *
 * @param nonce random, base64, single use
 * @param serverId the server that issued it (informational)
 */
public record Challenge(String nonce, String serverId) implements Message {}
