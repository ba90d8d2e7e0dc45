import { ValidationError } from '../platform/errors.ts';
import type { IntegrationConfig } from './presenter.ts';
import type { GenericMapping, HeartbeatConfig } from './schemas.ts';
import type { IntegrationType } from '../platform/db/tables/integrations.ts';

/** Type-specific settings belong only to their type; a heartbeat needs its period. */
export function configFor(
  type: IntegrationType,
  input: { mapping?: GenericMapping | undefined; heartbeat?: HeartbeatConfig | undefined },
  previous: IntegrationConfig = {},
): IntegrationConfig {
  if (input.mapping !== undefined && type !== 'generic') {
    throw new ValidationError(
      `mapping: only generic integrations have a field mapping (this one is ${type})`,
    );
  }
  if (input.heartbeat !== undefined && type !== 'heartbeat') {
    throw new ValidationError(`heartbeat: only heartbeat integrations have a period (this one is ${type})`);
  }
  const config: IntegrationConfig = { ...previous };
  if (input.mapping !== undefined) config.mapping = input.mapping;
  if (input.heartbeat !== undefined) config.heartbeat = { grace_seconds: 60, ...input.heartbeat };
  if (type === 'heartbeat' && config.heartbeat === undefined) {
    throw new ValidationError('heartbeat: a heartbeat integration needs heartbeat.period_seconds');
  }
  return config;
}
