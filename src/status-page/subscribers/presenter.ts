import { iso } from '../../platform/http/schema.ts';
import type { SubscriberRow } from './repository.ts';
import type { StatusSubscriberView } from './schemas.ts';

/** Never the webhook secret nor the confirmation hash. */
export function presentSubscriber(r: SubscriberRow): StatusSubscriberView {
  return {
    id: r.id,
    kind: r.kind,
    address: r.address,
    component_ids: r.component_ids === null ? null : (JSON.parse(r.component_ids) as string[]),
    confirmed: r.confirmed_at !== null,
    confirmed_at: iso(r.confirmed_at),
    quarantined_at: iso(r.quarantined_at),
    created_at: iso(r.created_at),
  };
}
