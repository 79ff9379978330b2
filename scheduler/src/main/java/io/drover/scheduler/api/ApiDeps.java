package io.drover.scheduler.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.scheduler.auth.TokenStore;
import io.drover.scheduler.dispatch.WorkerRegistry;
import io.drover.scheduler.leader.LeaderRuntimes;
import io.drover.scheduler.metrics.DroverMetrics;
import io.drover.scheduler.store.AppStore;
import io.drover.scheduler.store.InstanceLogStore;
import io.drover.scheduler.store.InstanceStore;
import io.drover.scheduler.store.JobStore;
import java.util.function.LongSupplier;

/** What the HTTP routes use. */
public record ApiDeps(
    AppStore apps,
    JobStore jobs,
    InstanceStore instances,
    LeaderRuntimes leaders,
    WorkerRegistry workers,
    ClusterView cluster,
    LongSupplier clock,
    ObjectMapper json,
    TokenStore tokens,
    InstanceLogStore logs,
    DroverMetrics metrics) {}
