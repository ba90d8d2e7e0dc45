import { recordAudit } from '../platform/audit/record.ts';
import type { NotifyConfig } from '../platform/config.ts';
import { type Ctx, inTransaction } from '../platform/context.ts';
import { NotFoundError } from '../platform/errors.ts';
import type { Keys } from '../platform/auth/keys.ts';
import { newId } from '../platform/ids.ts';
import { iso } from '../platform/http/schema.ts';
import type { TestNotificationResult } from './test-schemas.ts';
import { authorizeFor } from '../users/contact-methods.ts';
import { findContactMethod, findUserById } from '../users/repository.ts';
import type { Row } from '../platform/db/tables.ts';
import { type SigningSecrets, signingSecretsOf } from '../users/signing-secrets.ts';
import { providerFor } from './channels/index.ts';
import type { PageMessage, SendResult } from './channels/types.ts';

export const TEST_NOTIFICATION_TEXT =
  'This is a test notification from Tocsin: if you read it, this contact method reaches you. No action is needed.';

/**
 * A test message is an informational update (no action links: nothing may be acknowledged from a
 * test) about a stand-in incident named TEST, so every channel renders it with the code that
 * renders real updates and the person sees what a real message looks like on that channel.
 */
function testMessage(user: Row<'users'>, id: string, publicUrl: string, now: number): PageMessage {
  const url = `${publicUrl.replace(/\/$/, '')}/profile`;
  return {
    kind: 'update',
    idempotencyKey: id,
    recipient: { userId: user.id, name: user.name, email: user.email, timeZone: user.time_zone },
    text: TEST_NOTIFICATION_TEXT,
    at: now,
    incidents: [
      {
        id: 'test',
        ref: 'TEST',
        title: 'Test notification',
        status: 'resolved',
        severity: 'info',
        sev: '',
        slug: '',
        urgency: 'low',
        service: { id: 'test', name: 'Tocsin' },
        summary: TEST_NOTIFICATION_TEXT,
        runbookUrl: null,
        url,
        acknowledgeUrl: url,
        resolveUrl: url,
        respondUrl: url,
        createdAt: now,
      },
    ],
  };
}

/**
 * Sends one test message to a contact method now, through the channel's real provider and the
 * outbound guard (the same SendContext a page gets), and answers how it went. The attempt is
 * recorded in the audit log (it belongs to no incident, so not in the notification log); the
 * send happens outside any transaction so a slow receiver holds no locks.
 */
export async function sendTestNotification({
  ctx,
  input,
  keys,
  notify,
  publicUrl,
}: {
  ctx: Ctx;
  input: { userId: string; id: string };
  keys: Keys;
  notify: NotifyConfig;
  publicUrl: string;
}): Promise<TestNotificationResult> {
  authorizeFor(ctx, input.userId);
  const user = await findUserById(ctx.db, input.userId);
  if (user === undefined) throw NotFoundError.of('user', input.userId);
  const method = await findContactMethod(ctx.db, input.userId, input.id);
  if (method === undefined) throw NotFoundError.of('contact method', input.id);
  const now = ctx.clock.now();
  const id = newId('tst', now);

  // Webhooks sign with the method's own secret, made on first need like a real delivery's.
  let signing: SigningSecrets | undefined;
  let signingError: string | undefined;
  if (method.type === 'webhook') {
    try {
      signing = await inTransaction(ctx, (ctx) =>
        signingSecretsOf(ctx.db, keys.secretEncryption, method, now),
      );
    } catch (e) {
      signingError = (e as Error).message;
    }
  }

  const started = performance.now();
  let result: SendResult;
  try {
    result =
      signingError !== undefined
        ? { ok: false, responseCode: null, error: signingError, retryable: false }
        : await providerFor(method.type).send(testMessage(user, id, publicUrl, now), method.address, {
            config: notify,
            secret: signing?.current ?? '',
            previousSecret: signing?.previous,
            signal: AbortSignal.timeout(notify.timeoutMs),
            now: () => ctx.clock.now(),
            outbound: ctx.outbound,
          });
  } catch (e) {
    result = { ok: false, responseCode: null, error: (e as Error).message, retryable: true };
  }
  const answer: TestNotificationResult = {
    id,
    contact_method_id: method.id,
    channel: method.type,
    outcome: result.ok ? 'delivered' : 'failed',
    response_code: result.responseCode,
    latency_ms: Math.round(performance.now() - started),
    error: result.error,
    at: iso(now),
  };
  await inTransaction(ctx, (ctx) =>
    recordAudit(ctx, {
      action: 'contact_method.test',
      targetType: 'user',
      targetId: input.userId,
      after: answer,
    }),
  );
  return answer;
}
