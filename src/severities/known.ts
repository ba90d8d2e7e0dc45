import type { Queryable } from '../platform/db/connect.ts';
import { ValidationError } from '../platform/errors.ts';
import { type SeveritySettings, listSeverities } from './repository.ts';

/** The severity called `name` among `all`, or a 400 naming `field` and listing the known ones. */
export function pickSeverity(all: SeveritySettings[], name: string, field: string): SeveritySettings {
  const found = all.find((s) => s.name === name);
  if (found === undefined) {
    throw new ValidationError(
      `${field}: unknown severity ${JSON.stringify(name)}; known: ${all.map((s) => s.name).join(', ')}`,
    );
  }
  return found;
}

/** Reads them all: there are four, and the list makes the message useful. */
export async function requireSeverity(db: Queryable, name: string, field: string): Promise<SeveritySettings> {
  return pickSeverity(await listSeverities(db), name, field);
}
