import type { Ctx } from '../../platform/context.ts';
import { confirmSubscriber, deleteSubscriber, findSubscriber } from './repository.ts';
import {
  confirmTokenHash,
  confirmTokenMatches,
  confirmTokenSubscriber,
  verifyUnsubscribeToken,
} from './tokens.ts';

/** A confirmation link works this long after it was sent (a newer mail's link replaces it). */
export const CONFIRM_VALID_MS = 7 * 24 * 60 * 60_000;

export type LinkState = 'valid' | 'invalid';

/** Whether a confirmation link would confirm now (the GET page shows the button only then). */
export async function checkConfirmLink(ctx: Ctx, key: Buffer, token: string): Promise<LinkState> {
  const id = confirmTokenSubscriber(token);
  if (id === undefined) return 'invalid';
  const row = await findSubscriber(ctx.db, id);
  if (row === undefined || !confirmTokenMatches(key, token, row.confirm_token_hash)) return 'invalid';
  return ctx.clock.now() - row.updated_at > CONFIRM_VALID_MS ? 'invalid' : 'valid';
}

/**
 * Confirms the subscription the link is for. One answer for a link that is wrong, expired, used
 * or replaced by a newer one: which of them it is would tell a stranger something.
 */
export async function confirmSubscription(ctx: Ctx, key: Buffer, token: string): Promise<LinkState> {
  if ((await checkConfirmLink(ctx, key, token)) === 'invalid') return 'invalid';
  const ok = await confirmSubscriber(
    ctx.db,
    confirmTokenSubscriber(token)!,
    confirmTokenHash(key, token),
    ctx.clock.now(),
  );
  return ok ? 'valid' : 'invalid';
}

/**
 * Ends the subscription the link names: the row and its queued deliveries are deleted. Repeating
 * it (a second click, a mail client's one-click POST after the person clicked too) answers the
 * same, so it is 'valid' whenever we made the link.
 */
export async function unsubscribe(ctx: Ctx, key: Buffer, token: string): Promise<LinkState> {
  const id = verifyUnsubscribeToken(key, token);
  if (id === undefined) return 'invalid';
  await deleteSubscriber(ctx.db, id);
  return 'valid';
}

export function checkUnsubscribeLink(key: Buffer, token: string): LinkState {
  return verifyUnsubscribeToken(key, token) === undefined ? 'invalid' : 'valid';
}
