import { iso } from '../../platform/http/schema.ts';
import type { TrackerRow } from './repository.ts';
import type { TicketTrackerView } from './schemas.ts';

/** Where a tracker sends its webhooks: a root route, as the ingest endpoints are. */
export function trackerWebhookUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/webhooks/ticket-trackers/${encodeURIComponent(id)}`;
}

/** Never the token or the webhook secret. */
export function presentTracker(r: TrackerRow, publicUrl: string): TicketTrackerView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    base_url: r.base_url,
    project: r.project,
    issue_type: r.issue_type,
    email: r.email,
    labels: JSON.parse(r.labels) as string[],
    webhook_url: trackerWebhookUrl(publicUrl, r.id),
    created_at: iso(r.created_at),
    updated_at: iso(r.updated_at),
  };
}
