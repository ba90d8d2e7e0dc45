import { sendOtherMail } from '../../notify/channels/email.ts';
import type { SendResult } from '../../notify/channels/types.ts';
import { postSignedJson } from '../../notify/signed-post.ts';
import { systemActor } from '../../platform/auth/actor.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Row } from '../../platform/db/tables.ts';
import type { EngineDeps } from '../../platform/engine-deps.ts';
import { namesOf } from '../repository.ts';
import { weekStart } from '../scope.ts';
import { digestFacts, digestMail } from './build.ts';
import { claimDigest, dueDigests, recordDigestOutcome } from './repository.ts';

/** Digests are weekly: looking once a minute is plenty. */
const LOOK_EVERY_MS = 60_000;
const BATCH = 20;

export interface DigestWorker {
  /** Starts the sends of the digests due; how many it started. */
  pass(): Promise<number>;
  /** Waits until every send started so far is done and recorded. */
  settle(): Promise<void>;
}

/**
 * The engine's weekly digests (called each pass from src/engine/engine.ts): once the week (ISO,
 * Monday 00:00 UTC) is over, each subscription of each team gets that week's figures, once. A
 * subscription is claimed by a conditional UPDATE before it is sent, so engines on several nodes
 * never send a week twice; a send that fails is recorded (`last_error`) and not retried: the
 * digest is a report, and next week's brings the figures up to date.
 */
export function createDigestWorker(deps: EngineDeps): DigestWorker {
  const inFlight = new Set<Promise<void>>();
  let lastLook = Number.NEGATIVE_INFINITY;
  return {
    async pass() {
      const now = deps.clock.now();
      if (now - lastLook < LOOK_EVERY_MS && now >= lastLook) return 0;
      lastLook = now;
      const week = weekStart(now);
      const due = await dueDigests(deps.db, week, BATCH);
      let started = 0;
      for (const row of due) {
        const claimed = await claimDigest(deps.db, row, week);
        if (claimed === undefined) continue;
        started++;
        const p = send(deps, claimed, week)
          .catch((err: unknown) => deps.log?.error({ err, digest: row.id }, 'weekly digest failed'))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      // More due than one batch: look again next pass.
      if (due.length === BATCH) lastLook = Number.NEGATIVE_INFINITY;
      return started;
    },
    async settle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

async function send(deps: EngineDeps, row: Row<'insight_digests'>, week: number): Promise<void> {
  const ctx: Ctx = {
    actor: systemActor('weekly digest'),
    db: deps.db,
    dialect: deps.dialect,
    clock: deps.clock,
    outbound: deps.outbound,
  };
  const name = (await namesOf(deps.db, 'teams', [row.team_id])).get(row.team_id) ?? row.team_id;
  const facts = await digestFacts(
    ctx,
    { id: row.team_id, name },
    week,
    row.night_pages_per_week,
    deps.publicUrl,
  );
  const signal = AbortSignal.timeout(deps.notify.timeoutMs);
  const key = `digest-${row.id}-${new Date(week).toISOString().slice(0, 10)}`;
  let result: SendResult;
  if (row.kind === 'email') {
    result = await sendOtherMail(
      deps.notify,
      { to: row.address, idempotencyKey: key, headers: {}, ...digestMail(facts) },
      signal,
      deps.clock.now(),
    );
  } else {
    result = await postSignedJson(
      deps,
      {
        address: row.address,
        secretEnc: row.secret_enc,
        context: `insight_digest:${row.id}`,
        idempotencyKey: key,
      },
      JSON.stringify(facts),
      signal,
    );
  }
  await recordDigestOutcome(deps.db, row.id, {
    sentAt: result.ok ? deps.clock.now() : null,
    error: result.ok ? null : (result.error ?? 'failed').slice(0, 500),
  });
}
