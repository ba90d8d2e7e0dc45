/**
 * Where a person opens an incident: its page in the web UI, `/incidents/INC-42` under
 * TOCSIN_PUBLIC_URL. Every page, reminder and action-link page links there, never to the JSON
 * API (which needs a token). The web UI (src/web/serve.ts, web/) serves that path.
 */
export function incidentPageUrl(publicUrl: string, ref: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(ref)}`;
}

/** A postmortem's page in the web UI (the editor, read-only once published): `/postmortems/pm_...`. */
export function postmortemPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/postmortems/${encodeURIComponent(id)}`;
}

/** A runbook's page in the web UI: `/runbooks/rb_...`; pages link there when a runbook matches. */
export function runbookPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/runbooks/${encodeURIComponent(id)}`;
}

/** An SLO's page in the web UI: `/slos/slo_...`; SLO alerts link there. */
export function sloPageUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/slos/${encodeURIComponent(id)}`;
}
