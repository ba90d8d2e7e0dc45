import { ValidationError } from '../platform/errors.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { MAX_DEPTH, nestedDeeperThan } from './adapters/fields.ts';

/**
 * Storing a body JSON.stringify()s it, which recurses: a body nested thousands deep (it fits in
 * 512 KB) would overflow the stack and answer 500. Refused up front, as bad input, by every
 * endpoint that stores what it is sent.
 */
export function refuseDeepBodies(app: TypedApp): void {
  app.addHook('preValidation', (req, _reply, done) => {
    done(
      nestedDeeperThan(req.body, MAX_DEPTH)
        ? new ValidationError(`body is nested deeper than ${MAX_DEPTH} levels`)
        : undefined,
    );
  });
}
