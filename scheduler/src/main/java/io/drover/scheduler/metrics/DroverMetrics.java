package io.drover.scheduler.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;

/**
 * The server's meters, in one Prometheus registry that {@code GET /metrics} scrapes.
 *
 * <p>Call sites: the trigger records {@link #fired}, dispatch records {@link #dispatched} and
 * {@link #instanceFinished}. Each is a map lookup and an atomic add, safe from any thread. Gauges (workers per led
 * app, led apps, ZooKeeper connection) are read from the server when scraped; the connection pool and the JVM bind
 * their own meters.
 */
public final class DroverMetrics implements AutoCloseable {
  /** Histogram buckets: few and fixed, so each app costs a known number of series; quantiles come from them. */
  private static final Duration[] LATENESS_BUCKETS = millis(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
      10_000, 30_000, 60_000);
  private static final Duration[] DISPATCH_BUCKETS = {Duration.ofNanos(250_000), Duration.ofNanos(500_000),
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofSeconds(5)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, Counter> fires = new ConcurrentHashMap<>();
  private final Map<String, Counter> dispatches = new ConcurrentHashMap<>();
  private final Map<String, Counter> finished = new ConcurrentHashMap<>();
  private final Map<String, Timer> lateness = new ConcurrentHashMap<>();
  private final Map<String, Timer> dispatchLatency = new ConcurrentHashMap<>();
  private final MultiGauge workers;
  private volatile Supplier<Set<String>> ledApps = Set::of;
  private volatile ToIntFunction<String> workersOf = app -> 0;
  private volatile BooleanSupplier zkConnected = () -> false;

  public DroverMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    workers = MultiGauge.builder("drover.workers")
        .description("Workers connected to this server, per app it leads").register(registry);
    Gauge.builder("drover.led.apps", this, m -> m.ledApps.get().size())
        .description("Apps this server leads").register(registry);
    Gauge.builder("drover.zookeeper.connected", this, m -> m.zkConnected.getAsBoolean() ? 1 : 0)
        .description("1 while the ZooKeeper session is connected, else 0").register(registry);
    warmUp();
  }

  /**
   * Registers and removes one counter and one timer: loads their classes now (some tens of ms), so that the first
   * fire of a running server does not wait for that in the fire batcher's thread.
   */
  private void warmUp() {
    Counter c = Counter.builder("drover.warm.up").register(registry);
    c.increment();
    Timer t = Timer.builder("drover.warm.up.time").serviceLevelObjectives(LATENESS_BUCKETS).register(registry);
    t.record(1, TimeUnit.MILLISECONDS);
    registry.remove(c);
    registry.remove(t);
  }

  /**
   * Tells the gauges where to read the server's state from: the apps it leads, the workers connected per app,
   * and whether ZooKeeper is connected. Until then they read nothing led and not connected.
   */
  public void bindServer(Supplier<Set<String>> ledApps, ToIntFunction<String> workersOf,
                         BooleanSupplier zkConnected) {
    this.ledApps = ledApps;
    this.workersOf = workersOf;
    this.zkConnected = zkConnected;
  }

  /** Publishes the number of instance state changes not yet written to the database. */
  public void bindWriteBacklog(IntSupplier backlog) {
    Gauge.builder("drover.instance.writes.pending", backlog, IntSupplier::getAsInt).strongReference(true)
        .description("Instance state changes accepted but not yet written to the database").register(registry);
  }

  /** Publishes the connection pool's meters ({@code hikaricp_*}) when the data source is a Hikari pool. */
  public void bindPool(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource hikari) {
      hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
  }

  /**
   * A scheduled fire was recorded and handed to dispatch.
   *
   * @param latenessMs how long after its planned fire time it was (negative counts as 0)
   */
  public void fired(String app, long latenessMs) {
    fires.computeIfAbsent(app, a -> Counter.builder("drover.fires").tag("app", a)
        .description("Scheduled fires recorded and handed to dispatch").register(registry)).increment();
    lateness.computeIfAbsent(app, a -> Timer.builder("drover.fire.lateness").tag("app", a)
            .description("Time from a fire's planned moment to its recording (0 when recorded ahead of it)")
            .serviceLevelObjectives(LATENESS_BUCKETS).register(registry))
        .record(Math.max(0, latenessMs), TimeUnit.MILLISECONDS);
  }

  /**
   * An attempt was sent to a worker and acknowledged.
   *
   * @param sendToAckNanos from the server sending the DISPATCH to the worker's ACK (negative counts as 0)
   */
  public void dispatched(String app, long sendToAckNanos) {
    dispatches.computeIfAbsent(app, a -> Counter.builder("drover.dispatches").tag("app", a)
        .description("Attempts sent to workers and acknowledged").register(registry)).increment();
    dispatchLatency.computeIfAbsent(app, a -> Timer.builder("drover.dispatch.latency").tag("app", a)
            .description("Time from sending a dispatch to the worker's acknowledgement")
            .serviceLevelObjectives(DISPATCH_BUCKETS).register(registry))
        .record(Math.max(0, sendToAckNanos), TimeUnit.NANOSECONDS);
  }

  /** An instance reached a terminal status ({@code SUCCEEDED}, {@code FAILED}, ...). */
  public void instanceFinished(String app, String status) {
    finished.computeIfAbsent(app + '\u0000' + status, k -> Counter.builder("drover.instances.finished")
        .tags("app", app, "status", status)
        .description("Instances that reached a terminal status").register(registry)).increment();
  }

  /** The registry, for binding more meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in the Prometheus text format, with the gauges read now. */
  public String scrape() {
    refreshWorkers();
    return registry.scrape();
  }

  /** One row per led app; rows of apps no longer led go away. */
  private void refreshWorkers() {
    workers.register(ledApps.get().stream()
        .<MultiGauge.Row<?>>map(app -> MultiGauge.Row.of(Tags.of("app", app), this,
            m -> m.workersOf.applyAsInt(app)))
        .toList(), true);
  }

  private static Duration[] millis(long... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofMillis(values[i]);
    }
    return out;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
