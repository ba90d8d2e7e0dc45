import { ConflictError } from '../errors.ts';

/**
 * Reverse look-ups for deletes: what still points at a user or a schedule from the escalation
 * policies above it (the look-ups are in references-repository.ts), and the refusal they lead to.
 */

const LISTED = 10;

/**
 * The 409 for deleting something escalation still depends on. Deleting it anyway would leave a
 * level with nobody to page, found out only when the next incident skips that level.
 */
export function stillReferenced(
  what: string,
  kind: string,
  refs: { id: string; name: string }[],
  fix: string,
): ConflictError {
  const names = refs.slice(0, LISTED).map((r) => r.name);
  const more = refs.length > LISTED ? ` and ${refs.length - LISTED} more` : '';
  return new ConflictError(`${what} is still used by ${kind}: ${names.join(', ')}${more}; ${fix}`, {
    [kind.replace(/ /g, '_')]: refs,
  });
}
