import { randomBytes } from 'node:crypto';

/**
 * Integration keys are 32 lowercase hex characters (128 random bits), the shape of a PagerDuty
 * routing key, because some senders (Grafana's PagerDuty contact point, for one) check it.
 */
export function generateIntegrationKey(): string {
  return randomBytes(16).toString('hex');
}
