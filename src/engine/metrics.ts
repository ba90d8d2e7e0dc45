import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Queryable } from '../platform/db/connect.ts';
import type { EngineMetrics } from '../platform/engine-deps.ts';
import { countOpenIncidents } from './repository.ts';

export function engineMetrics(registry: Registry, db: Queryable): EngineMetrics {
  const attempts = new Counter({
    name: 'tocsin_notification_attempts_total',
    help: 'Notification delivery attempts by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tocsin_notification_attempt_duration_seconds',
    help: 'Time one delivery attempt took, by channel',
    labelNames: ['channel'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'tocsin_escalation_lag_seconds',
    help: 'Delay between an escalation step falling due and the engine taking it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const sloPasses = new Histogram({
    name: 'tocsin_slo_evaluation_duration_seconds',
    help: 'Time one evaluation of the SLOs due took (every SLO once a minute)',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const slosEvaluated = new Counter({
    name: 'tocsin_slo_evaluations_total',
    help: 'SLO evaluations done',
    registers: [registry],
  });
  new Gauge({
    name: 'tocsin_open_incidents',
    help: 'Incidents neither resolved nor closed, by status, urgency and severity',
    labelNames: ['status', 'urgency', 'severity'] as const,
    registers: [registry],
    // Read at scrape time from the database, so every node reports the same truth.
    async collect() {
      const rows = await countOpenIncidents(db);
      this.reset();
      for (const r of rows)
        this.set({ status: r.status, urgency: r.urgency, severity: r.severity }, Number(r.n));
    },
  });
  return {
    attempt: (channel, outcome, seconds) => {
      attempts.inc({ channel, outcome });
      latency.observe({ channel }, seconds);
    },
    lag: (seconds) => lag.observe(seconds),
    sloPass: (slos, seconds) => {
      sloPasses.observe(seconds);
      slosEvaluated.inc(slos);
    },
  };
}
