import { activeLocal, weekWindows } from './restrictions.ts';
import type { Interval, LayerSpec, LayerVersionSpec, Shift, ShiftUnit } from './types.ts';
import { DAY, HOUR, WEEK, type Zone, localOf, localPosition, toInstant, zone } from './zone.ts';

const UNIT_MS: Record<ShiftUnit, number> = { hours: HOUR, days: DAY, weeks: WEEK };

export interface CompiledVersion {
  /** Instants between which this version is in force. */
  from: number;
  to: number;
  zone: Zone;
  /** Local-timeline ms of the first handoff, and of one shift. */
  anchor: number;
  slot: number;
  /** Instant of the first handoff (nobody before it) and of the layer's end. */
  startsAt: number;
  end: number;
  windows: Interval[] | undefined;
  participants: string[];
  offset: number;
}

export interface CompiledLayer {
  id: string;
  versions: CompiledVersion[];
}

/** Who can be on call when: merged time off per user, and users who never can. */
export interface Availability {
  off: Map<string, Interval[]>;
  unavailable: Set<string>;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

export function compileVersion(v: LayerVersionSpec, to: number): CompiledVersion {
  const z = zone(v.timeZone);
  const anchor = localOf(v.startDate, v.handoffTime);
  return {
    from: v.effectiveFrom,
    to,
    zone: z,
    anchor,
    slot: v.shiftLength * UNIT_MS[v.shiftUnit],
    startsAt: toInstant(z, anchor),
    end: v.end ?? Infinity,
    windows: weekWindows(v.restrictions),
    participants: v.participants,
    offset: v.rotationOffset,
  };
}

export function compileLayer(layer: LayerSpec): CompiledLayer {
  const versions = [...layer.versions].sort((a, b) => a.effectiveFrom - b.effectiveFrom);
  return {
    id: layer.id,
    versions: versions.map((v, i) => compileVersion(v, versions[i + 1]?.effectiveFrom ?? Infinity)),
  };
}

/** Index of the rotation shift in force at instant t (negative before the first handoff). */
export function slotIndexAt(v: Pick<CompiledVersion, 'zone' | 'anchor' | 'slot'>, t: number): number {
  return Math.floor((localPosition(v.zone, t) - v.anchor) / v.slot);
}

/** The participant index whose rotation shift contains t, ignoring restrictions and time off. */
export function rotationIndexAt(v: CompiledVersion, t: number): number | undefined {
  const n = v.participants.length;
  if (n === 0) return undefined;
  return mod(slotIndexAt(v, t) + v.offset, n);
}

/**
 * Puts the participant at rotation index `idx` on call for [s, e), except while they are away:
 * then the next participant in rotation order covers, and so on; time nobody can cover is left
 * out (the layer has nobody there, so lower layers show through or it is a gap).
 */
function cover(
  v: CompiledVersion,
  idx: number,
  j: number,
  s: number,
  e: number,
  avail: Availability,
  layerId: string,
  out: Shift[],
): void {
  const ps = v.participants;
  const n = ps.length;
  for (; j < n; j++) {
    const user = ps[(idx + j) % n]!;
    let seen = false;
    for (let k = 0; k < j && !seen; k++) seen = ps[(idx + k) % n] === user;
    if (!seen && !avail.unavailable.has(user)) break;
  }
  if (j >= n) return;
  const user = ps[(idx + j) % n]!;
  const offs = avail.off.get(user);
  let cursor = s;
  if (offs !== undefined) {
    for (const off of offs) {
      if (off.end <= cursor) continue;
      if (off.start >= e) break;
      if (off.start > cursor)
        out.push({ userId: user, start: cursor, end: off.start, source: 'layer', sourceId: layerId });
      const until = Math.min(off.end, e);
      cover(v, idx, j + 1, Math.max(off.start, cursor), until, avail, layerId, out);
      cursor = until;
    }
  }
  if (cursor < e) out.push({ userId: user, start: cursor, end: e, source: 'layer', sourceId: layerId });
}

/** One version's shifts within instants [a, b), in time order. */
function versionShifts(
  v: CompiledVersion,
  layerId: string,
  a: number,
  b: number,
  avail: Availability,
  out: Shift[],
): void {
  const n = v.participants.length;
  if (n === 0 || a >= b) return;
  // The local range whose instants can fall in [a, b); pieces are clipped back to [a, b).
  const la = localPosition(v.zone, a - 1);
  const lb = localPosition(v.zone, b - 1) + 1;
  for (let k = Math.max(0, Math.floor((la - v.anchor) / v.slot)); ; k++) {
    const ss = v.anchor + k * v.slot;
    if (ss >= lb) break;
    const ls = Math.max(ss, la);
    const le = Math.min(ss + v.slot, lb);
    const idx = mod(k + v.offset, n);
    const pieces = v.windows === undefined ? [{ start: ls, end: le }] : activeLocal(v.windows, ls, le);
    for (const p of pieces) {
      const s = Math.max(a, toInstant(v.zone, p.start));
      const e = Math.min(b, toInstant(v.zone, p.end));
      if (s < e) cover(v, idx, 0, s, e, avail, layerId, out);
    }
  }
}

/** A layer's shifts within [from, to): who this layer alone puts on call, in time order. */
export function layerShifts(layer: CompiledLayer, from: number, to: number, avail: Availability): Shift[] {
  const out: Shift[] = [];
  for (const v of layer.versions) {
    const a = Math.max(from, v.from, v.startsAt);
    const b = Math.min(to, v.to, v.end);
    versionShifts(v, layer.id, a, b, avail, out);
  }
  return out;
}

/**
 * The rotation offset for a new version taking effect at `at` that keeps the rotation going:
 * whoever the old version has on call then stays on call if they are still a participant;
 * otherwise the next of the old order who is; otherwise the new list starts from its top.
 */
export function continuityOffset(
  previous: LayerVersionSpec | undefined,
  next: Omit<LayerVersionSpec, 'rotationOffset'>,
  at: number,
): number {
  const n = next.participants.length;
  if (n === 0) return 0;
  let target = 0;
  if (previous !== undefined && previous.participants.length > 0) {
    const pv = compileVersion({ ...previous, effectiveFrom: -Infinity }, Infinity);
    const old = previous.participants;
    const current = at < pv.startsAt ? 0 : rotationIndexAt(pv, at)!;
    for (let j = 0; j < old.length; j++) {
      const found = next.participants.indexOf(old[(current + j) % old.length]!);
      if (found >= 0) {
        target = found;
        break;
      }
    }
  }
  const nv = compileVersion({ ...next, rotationOffset: 0 }, Infinity);
  const k = Math.max(0, slotIndexAt(nv, at));
  return mod(target - k, n);
}
