import type { EngineDeps } from '../platform/engine-deps.ts';
import { throttleGate } from './backoff.ts';
import { isOpenStatus } from '../platform/db/open-incident.ts';
import type { Queryable } from '../platform/db/connect.ts';
import type { IncidentStatus } from '../platform/db/tables/incidents.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import type { Row } from '../platform/db/tables.ts';
import type { PageMessage } from './channels/types.ts';
import { fallThrough } from './fallthrough.ts';
import { type ThrottleKey, lockThrottleKeys, nthNewestSentAt, throttleUsage } from './repository.ts';
import {
  bundleInto,
  cancelNotifications,
  findBundledInto,
  findDuePending,
  findExpiredSends,
  findRecipients,
  leaseFresh,
  leaseOne,
  markFailed,
  postponeNotifications,
} from './repository-claim.ts';
import { ConflictError } from '../platform/errors.ts';
import { type SigningSecrets, signingSecretsOf } from '../users/signing-secrets.ts';
import { incidentFacts, withLinks } from './message.ts';

type NotificationRow = Row<'notifications'>;

/** One message to send: a notification and the ones the throttle folded into it. */
export interface Claim {
  leaderId: string;
  /** The attempt number this send is (attempts after the claim). */
  attempt: number;
  channel: ContactMethodType;
  address: string;
  userId: string;
  /** The leader first, then the bundled notifications. */
  members: { id: string; incidentId: string }[];
  message: PageMessage;
  /** Webhooks: the contact method's own signing secrets (never logged, never stored decrypted). */
  signing?: SigningSecrets;
  /** Webhooks whose stored secret does not decrypt: why the attempt fails unsent, without retry. */
  signingError?: string;
}

const LIMIT = 200;
/** How soon held-back pages look at the throttle again when a message still in flight decides. */
const LOOK_AGAIN_MS = 30_000;

/** How long a claim is ours: past this a crashed sender's work is taken over by another engine. */
export function leaseMs(deps: EngineDeps): number {
  return deps.notify.timeoutMs * 2 + 5000;
}

/**
 * Claims due notifications for sending, inside the caller's transaction: pending ones whose
 * time has come and sends whose lease expired (the engine died between claiming and recording).
 * Pages of incidents no longer triggered are cancelled (updates are not: a subscriber is told an
 * incident was acknowledged or resolved; reminders are once the incident is resolved); those whose
 * contact method was deleted fall through. Fresh notifications to the same contact method are bundled into one
 * message, and a person over the throttle waits for the window, bundled rather than dropped.
 * A notification already attempted is sent again alone with its bundle unchanged, so its
 * idempotency key always names the same content.
 */
export async function claimNotifications(
  db: Queryable,
  deps: EngineDeps,
  now: number,
  opts: { ids?: string[]; limit?: number } = {},
): Promise<Claim[]> {
  const limit = opts.limit ?? LIMIT;
  if (limit <= 0) return [];
  const scope = { ids: opts.ids, limit, skipLocked: deps.dialect === 'postgres' };
  const pending = await findDuePending(db, now, scope);
  const expired = opts.ids !== undefined ? [] : await findExpiredSends(db, now, scope);
  const rows = [...expired, ...pending];
  if (rows.length === 0) return [];

  const cancel = rows.filter((r) => !stillWanted(r)).map((r) => r.id);
  if (cancel.length > 0) await cancelNotifications(db, cancel, now);
  const live = rows.filter(stillWanted);
  for (const r of live.filter((r) => r.address === null)) {
    await markFailed(db, [r.id], 'the contact method was deleted', now);
    await fallThrough(db, r, 'its contact method was deleted', now);
  }
  const sendable = live.flatMap((r) => (r.address === null ? [] : [{ ...r, address: r.address }]));
  type Addressed = (typeof sendable)[number];

  // Claims: every already-attempted notification alone; fresh ones grouped per contact method.
  const groups: Addressed[][] = [];
  const fresh = new Map<string, Addressed[]>();
  const informational: Addressed[] = [];
  for (const r of sendable) {
    if (r.attempts > 0) groups.push([r]);
    else if (r.kind !== 'page') informational.push(r);
    else {
      const key = r.contact_method_id!;
      const list = fresh.get(key);
      if (list) list.push(r);
      else fresh.set(key, [r]);
    }
  }
  const lease = now + leaseMs(deps);
  const claims: { rows: NotificationRow[]; address: string; leader: Addressed }[] = [];
  for (const group of groups) {
    await take(db, deps, group[0]!, [], lease, now);
    claims.push({
      rows: [...group, ...(await findBundledInto(db, group[0]!.id))],
      address: group[0]!.address,
      leader: group[0]!,
    });
  }
  // Fresh notifications sent on their own are claimed with one statement. Updates and reminders
  // are never folded into a page nor held back by the paging throttle: each is its own message.
  const freshSingles: string[] = [];
  for (const r of informational) {
    freshSingles.push(r.id);
    claims.push({ rows: [r], address: r.address, leader: r });
  }
  // Pages in flight count against the throttle as much as pages sent, and deciding how many go
  // out is atomic with claiming them (per person and channel type), so a burst worked by several
  // engines at once cannot get past the limit.
  await lockThrottleKeys(
    db,
    deps.dialect,
    [...fresh.values()].flatMap(([r]) =>
      r !== undefined && throttleOf(deps, r.channel) !== undefined
        ? [{ userId: r.user_id, channel: r.channel }]
        : [],
    ),
  );
  const windows = new Map<string, ThrottleWindow | null>();
  for (const group of fresh.values()) {
    const first = group[0]!;
    const name = `${first.user_id}/${first.channel}`;
    if (!windows.has(name)) windows.set(name, await throttleWindow(db, deps, first, now));
    const window = windows.get(name)!;
    const room = window === null ? Number.POSITIVE_INFINITY : window.limit - window.counted;
    if (window !== null && room <= 0) {
      const retryAt = await reopensAt(db, window, now);
      await postponeNotifications(
        db,
        group.map((r) => r.id),
        retryAt,
        now,
      );
      continue;
    }
    // Within the limit each page is its own message; the one that reaches it carries the rest.
    const singles = group.length <= room ? group : group.slice(0, room - 1);
    for (const r of singles) {
      freshSingles.push(r.id);
      claims.push({ rows: [r], address: r.address, leader: r });
    }
    const rest = group.slice(singles.length);
    if (rest.length > 0) {
      await take(db, deps, rest[0]!, rest.slice(1), lease, now);
      claims.push({ rows: rest, address: rest[0]!.address, leader: rest[0]! });
    }
    if (window !== null) {
      const messages = singles.length + (rest.length > 0 ? 1 : 0);
      window.counted += messages;
      window.inFlight += messages;
    }
  }
  if (freshSingles.length > 0) await leaseFresh(db, freshSingles, deps.engineId, lease, now);
  if (claims.length === 0) return [];

  const facts = await incidentFacts(
    db,
    deps.publicUrl,
    [...new Set(claims.flatMap((c) => c.rows.map((r) => r.incident_id)))],
    deps.runbookLinks,
  );
  const users = new Map(
    (await findRecipients(db, [...new Set(claims.map((c) => c.rows[0]!.user_id))])).map((u) => [u.id, u]),
  );
  // Webhooks sign with their contact method's own secret, made here if it has none yet.
  const signing = new Map<string, SigningSecrets | string>();
  for (const { leader: r } of claims) {
    if (r.channel !== 'webhook' || r.contact_method_id === null || signing.has(r.contact_method_id)) continue;
    const columns = {
      id: r.contact_method_id,
      type: r.channel,
      signing_secret: r.signing_secret,
      previous_signing_secret: r.previous_signing_secret,
      previous_signing_secret_until: r.previous_signing_secret_until,
    };
    try {
      signing.set(r.contact_method_id, await signingSecretsOf(db, deps.keys.secretEncryption, columns, now));
    } catch (e) {
      // Unreadable (TOCSIN_SECRET changed): never replaced here, the owner rotates it.
      if (!(e instanceof ConflictError)) throw e;
      signing.set(r.contact_method_id, e.message);
    }
  }
  return claims.map(({ rows: members, address }) => {
    const leader = members[0]!;
    const secrets = leader.contact_method_id === null ? undefined : signing.get(leader.contact_method_id);
    const user = users.get(leader.user_id);
    const incidents = [...new Set(members.map((m) => m.incident_id))].flatMap((id) => {
      const f = facts.get(id);
      return f ? [withLinks(f, deps.publicUrl, deps.keys.actionLinks, leader.user_id, now)] : [];
    });
    return {
      leaderId: leader.id,
      attempt: leader.attempts + 1,
      channel: leader.channel,
      address,
      userId: leader.user_id,
      members: members.map((m) => ({ id: m.id, incidentId: m.incident_id })),
      message: {
        kind: leader.kind !== 'page' ? leader.kind : incidents.length > 1 ? 'bundle' : 'page',
        ...(leader.kind !== 'page' ? { text: leader.message ?? '' } : {}),
        idempotencyKey: leader.idempotency_key,
        recipient: {
          userId: leader.user_id,
          name: user?.name ?? leader.user_id,
          email: user?.email ?? '',
          timeZone: user?.time_zone ?? 'UTC',
        },
        incidents,
        at: leader.created_at,
      },
      ...(secrets === undefined
        ? {}
        : typeof secrets === 'string'
          ? { signingError: secrets }
          : { signing: secrets }),
    };
  });
}

/** Whether a claimed notification still says something worth sending. */
function stillWanted(r: { kind: NotificationRow['kind']; incident_status: IncidentStatus }): boolean {
  // Action items and postmortems fall due after the incident ended: that is when they are worth hearing about.
  if (r.kind === 'update' || r.kind === 'action_item' || r.kind === 'postmortem') return true;
  if (r.kind === 'reminder') return isOpenStatus(r.incident_status);
  return r.incident_status === 'triggered';
}

async function take(
  db: Queryable,
  deps: EngineDeps,
  leader: NotificationRow,
  folded: NotificationRow[],
  lease: number,
  now: number,
): Promise<void> {
  await leaseOne(db, leader.id, leader.attempts + 1, deps.engineId, lease, now);
  if (folded.length > 0) {
    await bundleInto(
      db,
      folded.map((r) => r.id),
      leader.id,
      now,
    );
  }
}

/** The type's own limit when it has one (`off` included), else `*`'s; undefined: none. */
function throttleOf(deps: EngineDeps, channel: ContactMethodType) {
  const limits = deps.notify.throttle;
  return (Object.hasOwn(limits, channel) ? limits[channel] : limits['*']) ?? undefined;
}

/** A person's throttle on one channel type during one claim: what already counts against it. */
interface ThrottleWindow {
  key: ThrottleKey;
  limit: number;
  windowMs: number;
  /** Messages sent in the window plus those in flight, each stopped at the limit. */
  counted: number;
  /** Of those, the ones not sent yet (including the ones this claim takes). */
  inFlight: number;
}

/** What counts against this person's throttle now; null when the channel type is not throttled. */
async function throttleWindow(
  db: Queryable,
  deps: EngineDeps,
  n: NotificationRow,
  now: number,
): Promise<ThrottleWindow | null> {
  const limit = throttleOf(deps, n.channel);
  if (limit === undefined) return null;
  const key = { userId: n.user_id, channel: n.channel };
  const usage = await throttleUsage(db, key, now - limit.windowMs, limit.limit);
  return { key, ...limit, counted: usage.sent + usage.inFlight, inFlight: usage.inFlight };
}

/**
 * When a person at the limit may get a message again: when the limit-th newest counted message
 * leaves the window. Messages in flight are the newest; when one of them decides, look again
 * shortly: by then it has usually been sent and its send time says when the window opens (if it
 * failed for good it no longer counts, and the held-back pages need not wait a whole window).
 */
async function reopensAt(db: Queryable, w: ThrottleWindow, now: number): Promise<number> {
  const limit = { limit: w.limit, windowMs: w.windowMs };
  if (w.inFlight >= w.limit) {
    return Math.min(now + w.windowMs, now + LOOK_AGAIN_MS);
  }
  const decidingAt = await nthNewestSentAt(db, w.key, now - w.windowMs, w.limit - w.inFlight);
  const gate = throttleGate(limit, w.counted, decidingAt, now);
  return gate.allowed ? now + 1 : gate.retryAt;
}
