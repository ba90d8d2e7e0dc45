import type { PostmortemView } from '../../postmortems/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import type { ApiClient } from '../api-client.ts';
import type { Invocation } from '../command.ts';
import { enc } from './incident-common.ts';

/** What `tocsin postmortem ...` commands share: the argument is a postmortem id or its incident. */

export function postmortemArg(inv: Invocation): string {
  const ref = inv.args[0];
  if (ref === undefined || ref === '') {
    throw new ValidationError('INC is required: an incident (INC-42 or its id) or a postmortem id (pm_...)');
  }
  return ref;
}

/** A postmortem by its own id (`pm_...`), else the postmortem of the incident named. */
export function fetchPostmortem(api: ApiClient, ref: string): Promise<PostmortemView> {
  return ref.startsWith('pm_')
    ? api.request<PostmortemView>('GET', `/postmortems/${enc(ref)}`)
    : api.request<PostmortemView>('GET', `/incidents/${enc(ref)}/postmortem`);
}

const day = (iso: string | null) => (iso === null ? 'none' : iso.slice(0, 16).replace('T', ' ') + ' UTC');

/** The header lines every command prints about one postmortem. */
export function postmortemSummary(p: PostmortemView): string[] {
  return [
    `${p.id} ${p.status} "${p.title}"`,
    `  incident      ${p.incident.ref} ${p.incident.severity} ${p.incident.status} "${p.incident.title}"`,
    `  owner         ${p.owner?.name ?? 'none'}`,
    `  due           ${day(p.due_at)}`,
  ];
}
