package io.drover.scheduler.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.store.Database;
import io.drover.scheduler.testsupport.TestDatabase;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token checks on a real database, with the verifier's cache driven by a test clock. */
class TokenVerifierTest {
  private static Database db;
  private static TokenStore store;
  private final AtomicLong now = new AtomicLong(1_000_000);

  @BeforeAll
  static void open() {
    TestDatabase.Db d = TestDatabase.fresh("tokens");
    db = Database.open(d.url(), d.user(), d.password(), 2);
    store = new TokenStore(db);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void aRevokedTokenIsRefusedOnceTheCachedAnswerExpires() {
    TokenVerifier verifier = new TokenVerifier(store, now::get, 5_000);
    TokenStore.Created c = store.create("ci", TokenScope.forApp("shop"), now.get());
    assertThat(verifier.verify(c.token())).map(ApiToken::scope).contains(TokenScope.forApp("shop"));

    store.revoke(c.record().id(), now.get()); // revoked elsewhere (another server, droverctl)
    now.addAndGet(4_999);
    assertThat(verifier.verify(c.token())).as("still cached").isPresent();
    now.addAndGet(2);
    assertThat(verifier.verify(c.token())).isEmpty();
  }

  @Test
  void forgetTakesARevokeIntoAccountAtOnce() {
    TokenVerifier verifier = new TokenVerifier(store, now::get, 5_000);
    TokenStore.Created c = store.create("local", TokenScope.ADMIN, now.get());
    assertThat(verifier.verify(c.token())).isPresent();
    store.revoke(c.record().id(), now.get());
    verifier.forget(c.record().id());
    assertThat(verifier.verify(c.token())).isEmpty();
  }

  @Test
  void unknownAndMalformedTokensAreRefused() {
    TokenVerifier verifier = new TokenVerifier(store, now::get, 5_000);
    TokenStore.Created c = store.create("real", TokenScope.ADMIN, now.get());
    assertThat(verifier.verify(c.token() + "x")).isEmpty();
    assertThat(verifier.verify("")).isEmpty();
    assertThat(verifier.verify(null)).isEmpty();
    assertThat(verifier.verify("drv_" + "a".repeat(200))).isEmpty();
    assertThat(verifier.verify(c.token())).isPresent();
  }
}
