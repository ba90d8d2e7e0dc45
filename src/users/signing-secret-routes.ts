import type { TypedApp } from '../platform/http/app.ts';
import { bodyDefaultsToEmpty } from '../platform/http/schema.ts';
import { ContactMethodParams, RotateSigningSecretInput, SigningSecret } from './schemas.ts';
import { readSigningSecret, rotateSigningSecret } from './signing-secrets.ts';

const tags = ['users'];

/** A webhook contact method's signing secret: its owner or an admin reads and rotates it. */
export function signingSecretRoutes(app: TypedApp): void {
  const keys = app.deps.keys;
  app.get(
    '/users/:id/contact-methods/:contactMethodId/signing-secret',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: "A webhook contact method's Tocsin-Signature secret (yours, or anyone's as admin)",
        params: ContactMethodParams,
        response: { 200: SigningSecret },
      },
    },
    (req) =>
      readSigningSecret({
        ctx: req.ctx,
        input: { userId: req.params.id, id: req.params.contactMethodId },
        keys,
      }),
  );

  app.post(
    '/users/:id/contact-methods/:contactMethodId/rotate-signing-secret',
    {
      config: { auth: 'responder' },
      preValidation: bodyDefaultsToEmpty,
      schema: {
        tags,
        summary: 'Replace the signing secret; the answer carries the new one',
        params: ContactMethodParams,
        body: RotateSigningSecretInput,
        response: { 200: SigningSecret },
      },
    },
    (req) =>
      rotateSigningSecret({
        ctx: req.ctx,
        input: {
          userId: req.params.id,
          id: req.params.contactMethodId,
          overlapMinutes: req.body.overlap_minutes,
        },
        keys,
      }),
  );
}
