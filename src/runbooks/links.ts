import type { Queryable } from '../platform/db/connect.ts';
import type { PageAlert, RunbookLinks } from '../platform/engine-deps.ts';
import { runbookPageUrl } from '../platform/http/page-urls.ts';
import { matchable } from './incident.ts';
import { bestRunbook } from './match.ts';
import { runbookTargets } from './targets.ts';

/**
 * What the engine hands notify: for each paged incident whose newest alert has no runbook link
 * of its own, the page of the best matching runbook. Runbooks are read from this node's copy
 * (src/runbooks/targets.ts), so a claim costs no extra statement while the copy is fresh.
 */
export function pageRunbookLinks(root: Queryable, publicUrl: string): RunbookLinks {
  return async (db: Queryable, alerts: readonly PageAlert[]) => {
    const out = new Map<string, string>();
    // Wall time, not the engine's clock: this is the age of a copy, not a fact about incidents.
    const targets = await runbookTargets(db, Date.now(), root);
    if (targets.length === 0) return out;
    for (const a of alerts) {
      const best = bestRunbook(targets, matchable(a));
      if (best !== undefined) out.set(a.incident_id, runbookPageUrl(publicUrl, best.id));
    }
    return out;
  };
}
