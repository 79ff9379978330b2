package io.drover.scheduler.dispatch;

import io.drover.protocol.Hello;

/** Decides where a worker belongs: this server leads its app, another one does, or nobody can take it. */
public interface WorkerGateway {
  Admission admit(Hello hello);
}
