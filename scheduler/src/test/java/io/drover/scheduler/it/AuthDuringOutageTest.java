package io.drover.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.scheduler.DroverServer;
import io.drover.scheduler.auth.TokenScope;
import io.drover.scheduler.embedded.EmbeddedMariaDb;
import io.drover.scheduler.testsupport.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A token that cannot be checked because the database is down is an outage (503), not a bad token (401). */
class AuthDuringOutageTest {

  @Test
  void tokenCheckDuringADatabaseOutageAnswers503() throws Exception {
    EmbeddedMariaDb db = EmbeddedMariaDb.start(null, 0);
    try {
      db.createDatabase("drover");
      TestDatabase.Db conn = new TestDatabase.Db(db.jdbcUrl("drover"), "root", "");
      try (TestCluster cluster = new TestCluster(conn)) {
        DroverServer server = cluster.startServer("s1", Map.of("drover.db.pool-size", "2"));
        String token = cluster.createToken("never-checked", TokenScope.ADMIN);
        Api api = cluster.api(server).withToken(token);
        db.close();
        Api.Response r = api.get("/api/v1/apps");
        assertThat(r.status()).as("%s", r.body()).isEqualTo(503);
        assertThat(r.errorCode().asText()).isEqualTo("DATABASE_UNAVAILABLE");
      }
    } finally {
      db.close();
    }
  }
}
