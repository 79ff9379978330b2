package io.drover.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.drover.protocol.Hello;
import io.drover.protocol.Redirect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The worker's side of authentication: the server challenges, the HELLO proves the app secret against it. */
class AuthHandshakeTest {
  private static final Duration WAIT = TestServer.WAIT;
  private final Fixture fixture = new Fixture();

  @AfterEach
  void closeAll() throws Exception {
    fixture.close();
  }

  @Test
  void helloProvesTheSecretAgainstEachConnectionsOwnChallenge() {
    TestServer s = fixture.server();
    s.requireSecret("s3cret");
    Worker w = fixture.start(Fixture.worker("w-auth", s.address()).secret("s3cret"));
    assertThat(w.awaitConnected(WAIT)).isTrue();

    TestServer.Received first = s.expectReceived(Hello.class, h -> true);
    assertThat(s.proves(first, "s3cret")).isTrue();
    assertThat(s.proves(first, "other")).isFalse();
    assertThat(((Hello) first.message()).proof()).doesNotContain("s3cret");

    s.dropClients();
    await().atMost(WAIT).until(() -> s.all(Hello.class).size() == 2);
    TestServer.Received second = s.received.stream().filter(r -> r.message() instanceof Hello).toList().get(1);
    assertThat(s.nonceOf(second.channel())).isNotEqualTo(s.nonceOf(first.channel()));
    assertThat(s.proves(second, "s3cret")).as("a fresh proof for the fresh nonce").isTrue();
    assertThat(((Hello) second.message()).proof()).isNotEqualTo(((Hello) first.message()).proof());
    assertThat(w.awaitConnected(WAIT)).isTrue();
  }

  @Test
  void withoutASecretTheHelloCarriesNoProof() {
    TestServer s = fixture.server();
    Worker w = fixture.start(Fixture.worker("w-open", s.address()).secret(""));
    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(s.expect(Hello.class).proof()).isNull();
  }

  @Test
  void redirectedConnectionAnswersTheLeadersOwnChallenge() {
    TestServer leader = fixture.server();
    TestServer follower = fixture.server();
    leader.requireSecret("s3cret");
    follower.requireSecret("s3cret");
    follower.onHello(h -> new Redirect("127.0.0.1", leader.port(), "leader-1"));
    Worker w = fixture.start(Fixture.worker("w-redir-auth", follower.address()).secret("s3cret"));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(leader.address());
    assertThat(follower.proves(follower.expectReceived(Hello.class, h -> true), "s3cret")).isTrue();
    assertThat(leader.proves(leader.expectReceived(Hello.class, h -> true), "s3cret")).isTrue();
  }

  @Test
  void serverThatSendsNoChallengeIsLeftForTheNextOne() {
    TestServer silent = fixture.server();
    TestServer good = fixture.server();
    silent.challenging(false);
    Worker w = fixture.start(Fixture.worker("w-nochallenge", silent.address() + "," + good.address())
        .tuning(Tuning.DEFAULTS.withConnectTimeoutMs(500)));

    assertThat(w.awaitConnected(WAIT)).isTrue();
    assertThat(w.connectedServer()).contains(good.address());
    assertThat(silent.connections()).isEqualTo(1);
    assertThat(silent.all(Hello.class)).as("no HELLO before a CHALLENGE").isEmpty();
  }

  @Test
  void authenticationRejectIsLoggedOnceAndRetriedWithBackoffUntilFixed() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger rejections = (Logger) LoggerFactory.getLogger(RejectionLog.class);
    logged.start();
    rejections.addAppender(logged);
    try {
      TestServer s = fixture.server();
      s.requireSecret("new-secret");
      long started = System.nanoTime();
      Worker w = fixture.start(Fixture.worker("w-badsecret", s.address()).secret("old-secret")
          .tuning(Tuning.DEFAULTS.withRejectDelaysMs(50, 200, 50)));

      await().atMost(WAIT).until(() -> s.all(Hello.class).size() >= 5);
      long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
      assertThat(s.all(Hello.class).size()).as("retries wait (50, 100, 200, 200... ms), no spinning")
          .isLessThanOrEqualTo((int) (elapsedMs / 50) + 1);
      List<ILoggingEvent> errors = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).getFormattedMessage()).contains("w-badsecret", "orders", TestServer.AUTH_FAILED,
          "not retryable");
      assertThat(w.connectedServer()).isEmpty();

      s.requireSecret("old-secret"); // the operator puts the app's secret back
      assertThat(w.awaitConnected(WAIT)).as("the worker kept trying and gets in").isTrue();
    } finally {
      rejections.detachAppender(logged);
    }
  }
}
