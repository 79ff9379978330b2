package io.drover.scheduler.leader;

import io.drover.scheduler.config.ServerConfig;
import io.drover.scheduler.dispatch.WorkerRegistry;
import io.drover.scheduler.id.IdGenerator;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.InstanceLogWriter;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.store.JobStore;
import io.drover.scheduler.store.TransitionWriter;
import io.drover.scheduler.trigger.FireBatcher;
import io.netty.util.Timer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The server-wide parts every led app's runtime shares.
 *
 * @param logWriter where instance log lines from workers go ({@link InstanceLogWriter#offer}, non-blocking)
 * @param metrics the server's meters ({@link DroverMetrics#dispatched}, {@link DroverMetrics#instanceFinished}, ...)
 */
public record RuntimeContext(
    ServerConfig config,
    AppStore apps,
    JobStore jobs,
    InstanceStore instances,
    TransitionWriter writer,
    FireBatcher batcher,
    RunBatcher runs,
    IdGenerator ids,
    WorkerRegistry workers,
    Timer wheel,
    ScheduledExecutorService ticker,
    LongSupplier clock,
    InstanceLogWriter logWriter,
    DroverMetrics metrics) {}
