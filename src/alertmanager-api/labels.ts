/**
 * Alertmanager's own arithmetic on label sets, so that what its clients see from Tocsin is what
 * they would see from Alertmanager: the same fingerprint for the same labels, the same order.
 * Pure. Go compares and hashes strings as UTF-8 bytes, so these do too.
 */
export type LabelSet = Readonly<Record<string, string>>;

const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

function hashBytes(h: bigint, bytes: Uint8Array): bigint {
  let sum = h;
  for (const b of bytes) sum = ((sum ^ BigInt(b)) * PRIME) & MASK;
  return sum;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const byteOrder = (a: string, b: string) => Buffer.compare(utf8(a), utf8(b));

/** prometheus/common `LabelSet.Fingerprint()`: FNV-1a 64 over sorted name, 0xff, value, 0xff; 16 hex digits. */
export function fingerprint(labels: LabelSet): string {
  let h = OFFSET;
  for (const name of Object.keys(labels).sort(byteOrder)) {
    h = hashBytes(h, utf8(name));
    h = hashBytes(h, Uint8Array.of(SEPARATOR));
    h = hashBytes(h, utf8(labels[name]!));
    h = hashBytes(h, Uint8Array.of(SEPARATOR));
  }
  return h.toString(16).padStart(16, '0');
}

/** prometheus/common `LabelSet.Before`: fewer labels first, then by sorted names and values. */
export function labelSetBefore(a: LabelSet, b: LabelSet): boolean {
  const an = Object.keys(a);
  const bn = Object.keys(b);
  if (an.length !== bn.length) return an.length < bn.length;
  for (const name of [...an, ...bn].sort(byteOrder)) {
    if (!Object.hasOwn(a, name)) return true;
    if (!Object.hasOwn(b, name)) return false;
    const c = byteOrder(a[name]!, b[name]!);
    if (c !== 0) return c < 0;
  }
  return false;
}

/** As a comparator for Array.sort. */
export function compareLabelSets(a: LabelSet, b: LabelSet): number {
  return labelSetBefore(a, b) ? -1 : labelSetBefore(b, a) ? 1 : 0;
}

/** Alertmanager's order of the alerts in a group (`types.AlertSlice`): by job, then instance, then labels. */
export function compareGroupedAlerts(a: LabelSet, b: LabelSet): number {
  for (const key of ['job', 'instance']) {
    const ah = Object.hasOwn(a, key);
    const bh = Object.hasOwn(b, key);
    if (!ah && !bh) continue;
    if (!ah) return 1;
    if (!bh) return -1;
    const c = byteOrder(a[key]!, b[key]!);
    if (c !== 0) return c;
  }
  return compareLabelSets(a, b);
}

/** Alertmanager drops labels with empty values when it takes an alert in; so does its view here. */
export function withoutEmptyValues(labels: LabelSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== '') out[k] = v;
  return out;
}

/** Go's zero time as strfmt writes it: what Alertmanager's clients read as "not set". */
export const GO_ZERO_TIME = '0001-01-01T00:00:00.000Z';
