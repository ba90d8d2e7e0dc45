import { Counter, Histogram, type Registry } from 'prom-client';
import type { Outcome } from './event.ts';

export interface IngestMetrics {
  count(type: string, outcome: Outcome | 'rejected', n?: number): void;
  observe(type: string, seconds: number): void;
}

export function ingestMetrics(registry: Registry): IngestMetrics {
  const received = new Counter({
    name: 'tocsin_alerts_received_total',
    help: 'Alert events received, by integration type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tocsin_ingest_duration_seconds',
    help: 'Time from request received to events committed, by integration type',
    labelNames: ['type'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  return {
    count: (type, outcome, n = 1) => received.inc({ type, outcome }, n),
    observe: (type, seconds) => latency.observe({ type }, seconds),
  };
}
