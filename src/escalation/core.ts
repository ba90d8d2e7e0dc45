/**
 * Pure escalation arithmetic: where a policy goes after a level fires, and when. No I/O and no
 * clock; the engine passes `now` in. (Delivery retries and throttling are notify/backoff.ts.)
 */
export interface PolicyShape {
  levels: { delayMinutes: number }[];
  /** Extra passes over the whole policy after the first (0 = run once). */
  repeatCount: number;
}

export interface Position {
  level: number;
  round: number;
}

export const MINUTE = 60_000;

export const FIRST: Position = { level: 0, round: 0 };

/** The position after `pos`, or null when the last level of the last round has fired. */
export function nextPosition(policy: PolicyShape, pos: Position): Position | null {
  if (pos.level + 1 < policy.levels.length) return { level: pos.level + 1, round: pos.round };
  if (pos.round < policy.repeatCount) return { level: 0, round: pos.round + 1 };
  return null;
}

/** When the level after `pos` is due, given that `pos` fired at `firedAt`. */
export function nextDueAt(policy: PolicyShape, pos: Position, firedAt: number): number {
  const level = policy.levels[pos.level];
  if (level === undefined) throw new RangeError(`level ${pos.level} is outside the policy`);
  return firedAt + level.delayMinutes * MINUTE;
}

/** Positions in one full walk of the policy: the most levels one firing may skip in a row. */
export function totalPositions(policy: PolicyShape): number {
  return policy.levels.length * (policy.repeatCount + 1);
}

export interface Firing<T> {
  /** Levels skipped because their targets resolved to nobody, in order. */
  skipped: Position[];
  /** The level that pages, with the people it resolved to; null when the walk ran out. */
  fired: { pos: Position; users: T[] } | null;
  /** What to do next: the following level and when; null when the policy is exhausted. */
  next: { pos: Position; dueAt: number } | null;
}

/**
 * Fire the level at `start`: a level whose targets resolve to nobody is skipped at once (and
 * reported) instead of silently waiting out its delay; the first level with someone pages.
 * `resolve` is asked only for the levels visited, in order (round-robin targets advance when
 * asked), so the walk stays lazy.
 */
export async function fire<T>(
  policy: PolicyShape,
  start: Position,
  now: number,
  resolve: (pos: Position) => Promise<T[]>,
): Promise<Firing<T>> {
  const skipped: Position[] = [];
  let pos: Position | null = start;
  while (pos !== null && policy.levels[pos.level] !== undefined) {
    const users = await resolve(pos);
    if (users.length > 0) {
      const after = nextPosition(policy, pos);
      return {
        skipped,
        fired: { pos, users },
        next: after === null ? null : { pos: after, dueAt: nextDueAt(policy, pos, now) },
      };
    }
    skipped.push(pos);
    // A whole round of empty levels means nobody can be reached: stop rather than spin.
    if (skipped.length >= policy.levels.length) return { skipped, fired: null, next: null };
    pos = nextPosition(policy, pos);
  }
  return { skipped, fired: null, next: null };
}
