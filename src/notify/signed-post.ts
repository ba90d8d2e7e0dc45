import { decryptSecret } from '../platform/auth/keys.ts';
import type { EngineDeps } from '../platform/engine-deps.ts';
import { OutboundRefusedError, describeOutboundError, outboundRequest } from '../platform/outbound/guard.ts';
import { failure, resultForStatus } from './channels/http.ts';
import type { SendResult } from './channels/types.ts';
import { SIGNATURE_HEADER, signWebhook } from './signature.ts';

/**
 * A JSON POST to an address someone subscribed (status-page subscribers, insight digests), signed
 * like every Tocsin webhook with that subscription's own secret, kept encrypted under `context`
 * (src/platform/auth/keys.ts). It goes through the outbound guard; errors never quote the URL nor
 * the receiver's answer, and a refused address is not retried.
 */
export async function postSignedJson(
  deps: Pick<EngineDeps, 'keys' | 'clock' | 'outbound'>,
  to: { address: string; secretEnc: string | null; context: string; idempotencyKey: string },
  body: string,
  signal: AbortSignal,
): Promise<SendResult> {
  let secret: string;
  try {
    secret = decryptSecret(deps.keys.secretEncryption, to.secretEnc ?? '', to.context);
  } catch {
    // TOCSIN_SECRET changed: retrying cannot help; the subscriber subscribes again.
    return failure('the signing secret cannot be read (was TOCSIN_SECRET changed?)', false);
  }
  try {
    const res = await outboundRequest(
      to.address,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': to.idempotencyKey,
          'User-Agent': 'Tocsin',
          [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(deps.clock.now() / 1000)),
        },
        body,
        signal,
        maxResponseBytes: 0,
      },
      deps.outbound,
    );
    return resultForStatus(res.status);
  } catch (err) {
    return failure(describeOutboundError(err, signal), !(err instanceof OutboundRefusedError));
  }
}
