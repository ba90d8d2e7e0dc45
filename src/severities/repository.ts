import type { Queryable } from '../platform/db/connect.ts';
import type { Row } from '../platform/db/tables.ts';
import type { SeverityName } from '../platform/db/tables/severities.ts';

export type SeverityRow = Row<'severities'>;

/** A severity with its JSON columns read. */
export interface SeveritySettings {
  name: SeverityName;
  rank: number;
  description: string;
  responseHours: SeverityRow['response_hours'];
  responseTargetMinutes: number | null;
  statusPageMinutes: number | null;
  updateCadenceMinutes: number | null;
  postmortemRequired: boolean;
  /** A 24x7 severity pages: an incident rising into one is paged again. */
  pages: boolean;
  alertSeverities: string[];
  checklist: string[];
}

export function toSettings(r: SeverityRow): SeveritySettings {
  return {
    name: r.name,
    rank: r.rank,
    description: r.description,
    responseHours: r.response_hours,
    responseTargetMinutes: r.response_target_minutes,
    statusPageMinutes: r.status_page_minutes,
    updateCadenceMinutes: r.update_cadence_minutes,
    postmortemRequired: r.postmortem_required === 1,
    pages: r.response_hours === '24x7',
    alertSeverities: JSON.parse(r.alert_severities) as string[],
    checklist: JSON.parse(r.checklist) as string[],
  };
}

/** Every severity, SEV1 first. */
export async function listSeverities(db: Queryable): Promise<SeveritySettings[]> {
  const rows = await db.selectFrom('severities').selectAll().orderBy('rank').execute();
  return rows.map(toSettings);
}

export async function findSeverity(db: Queryable, name: string): Promise<SeveritySettings | undefined> {
  const row = await db
    .selectFrom('severities')
    .selectAll()
    .where('name', '=', name as SeverityName)
    .executeTakeFirst();
  return row === undefined ? undefined : toSettings(row);
}
