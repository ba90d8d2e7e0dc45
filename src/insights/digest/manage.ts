import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../platform/audit/record.ts';
import { encryptSecret } from '../../platform/auth/keys.ts';
import { type Ctx, inTransaction } from '../../platform/context.ts';
import type { Row } from '../../platform/db/tables.ts';
import { ConflictError, NotFoundError } from '../../platform/errors.ts';
import { iso } from '../../platform/http/schema.ts';
import { newId } from '../../platform/ids.ts';
import { actorRef } from '../../timeline/repository.ts';
import { requireTeamManager } from '../../teams/access.ts';
import { assertContactAddress } from '../../users/validate.ts';
import { teamExists } from '../repository.ts';
import { weekStart } from '../scope.ts';
import { NIGHT_PAGES_PER_WEEK } from '../oncall-health.ts';
import { deleteDigestRow, digestsOfTeam, findDigestByAddress, insertDigest } from './repository.ts';
import type { CreateDigestBody, CreatedDigestView, DigestView } from './schemas.ts';

/**
 * A team's weekly insight digest (issue 21): each Monday the week before, by email or by a signed
 * webhook, to whoever the team's managers subscribe. Addresses are the team's business, so only
 * its managers and admins see and change them.
 */
export function presentDigest(r: Row<'insight_digests'>): DigestView {
  return {
    id: r.id,
    team_id: r.team_id,
    kind: r.kind,
    address: r.address,
    night_pages_per_week: r.night_pages_per_week,
    last_sent_at: iso(r.last_sent_at),
    last_error: r.last_error,
    created_at: iso(r.created_at),
  };
}

async function requireTeam(ctx: Ctx, teamId: string): Promise<void> {
  if (!(await teamExists(ctx.db, teamId))) throw NotFoundError.of('team', teamId);
  await requireTeamManager(ctx, teamId, 'insight digests');
}

export async function listDigests({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string };
}): Promise<DigestView[]> {
  await requireTeam(ctx, input.teamId);
  return (await digestsOfTeam(ctx.db, input.teamId)).map(presentDigest);
}

/** Subscribes an address; the first digest is the one for the week that starts next Monday. */
export async function createDigest({
  ctx,
  keys,
  input,
}: {
  ctx: Ctx;
  keys: { secretEncryption: Buffer };
  input: { teamId: string } & CreateDigestBody;
}): Promise<CreatedDigestView> {
  await requireTeam(ctx, input.teamId);
  const address = input.address.trim();
  assertContactAddress('body', { type: input.kind, address }, ctx.outbound);
  return inTransaction(ctx, async (ctx) => {
    if ((await findDigestByAddress(ctx.db, input.teamId, input.kind, address)) !== undefined) {
      throw new ConflictError(
        `this team already sends its digest to that ${input.kind === 'email' ? 'address' : 'URL'}`,
      );
    }
    const now = ctx.clock.now();
    const id = newId('dig', now);
    const secret = input.kind === 'webhook' ? `whsec_${randomBytes(24).toString('base64url')}` : null;
    const row: Row<'insight_digests'> = {
      id,
      team_id: input.teamId,
      kind: input.kind,
      address,
      secret_enc:
        secret === null ? null : encryptSecret(keys.secretEncryption, secret, `insight_digest:${id}`),
      night_pages_per_week: input.night_pages_per_week ?? NIGHT_PAGES_PER_WEEK,
      // The week in progress is not over: the first digest covers it, next Monday.
      last_week: weekStart(now),
      last_sent_at: null,
      last_error: null,
      created_by: actorRef(ctx.actor),
      created_at: now,
    };
    await insertDigest(ctx.db, row);
    const view = presentDigest(row);
    await recordAudit(ctx, {
      action: 'insight_digest.create',
      targetType: 'insight_digest',
      targetId: id,
      after: view,
    });
    return { ...view, signing_secret: secret };
  });
}

export async function deleteDigest({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { teamId: string; id: string };
}): Promise<void> {
  await requireTeam(ctx, input.teamId);
  await inTransaction(ctx, async (ctx) => {
    const row = await deleteDigestRow(ctx.db, input.teamId, input.id);
    if (row === undefined) throw NotFoundError.of('insight digest', input.id);
    await recordAudit(ctx, {
      action: 'insight_digest.delete',
      targetType: 'insight_digest',
      targetId: row.id,
      before: presentDigest(row),
    });
  });
}
