import type { EscalationPolicyView, PolicyInputView, PolicyTargetType } from '../../types.ts';

/**
 * The policy editor's form state, kept apart from the API's shape: numbers stay as typed text
 * until saved (an empty "ack timeout" means none), and each level has a stable key so moving it
 * up or down keeps React's inputs (and keyboard focus) with it.
 */
export interface TargetFields {
  type: PolicyTargetType;
  id: string;
}
export interface LevelFields {
  key: number;
  delay: string;
  targets: TargetFields[];
}
export interface PolicyFields {
  name: string;
  description: string;
  teamId: string;
  repeat: string;
  ackTimeout: string;
  levels: LevelFields[];
}

let nextKey = 1;
export const newLevel = (targets: TargetFields[] = [{ type: 'user', id: '' }]): LevelFields => ({
  key: nextKey++,
  delay: '30',
  targets,
});

export const blankPolicy = (): PolicyFields => ({
  name: '',
  description: '',
  teamId: '',
  repeat: '0',
  ackTimeout: '',
  levels: [newLevel()],
});

export function fromView(p: EscalationPolicyView): PolicyFields {
  return {
    name: p.name,
    description: p.description,
    teamId: p.team_id ?? '',
    repeat: String(p.repeat_count),
    ackTimeout: p.ack_timeout_minutes === null ? '' : String(p.ack_timeout_minutes),
    levels: p.levels.map((l) => ({
      key: nextKey++,
      delay: String(l.delay_minutes),
      targets: l.targets.map((t) => ({ type: t.type, id: t.id })),
    })),
  };
}

// Text that is no number goes as NaN (null in JSON): the API's schema check then names the
// field, as it would for any client, and the form shows that message by it.
const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

export function toInput(f: PolicyFields): PolicyInputView {
  const ack = f.ackTimeout.trim();
  return {
    name: f.name,
    description: f.description,
    team_id: f.teamId === '' ? null : f.teamId,
    repeat_count: num(f.repeat),
    ack_timeout_minutes: ack === '' ? null : num(ack),
    levels: f.levels.map((l) => ({ delay_minutes: num(l.delay), targets: l.targets })),
  };
}

/** The list with item `i` swapped with its neighbour `i + by` (by = -1 up, +1 down). */
export function moved<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const copy = [...list];
  [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  return copy;
}
