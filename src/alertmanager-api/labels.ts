/**
 * Alertmanager's own arithmetic on label sets, so that what its clients see from Tocsin is what
 * they would see from Alertmanager: the same fingerprint for the same labels, the same order.
 * Pure. Go compares and hashes strings as UTF-8 bytes, so these do too.
 */
export type LabelSet = Readonly<Record<string, string>>;

// FNV-1a 64 in four 16-bit limbs (little-endian), so hashing needs no BigInt: the prime is
// 2^40 + 0x1b3, so h * prime = h * 0x1b3 + (h << 40), and every partial product stays exact.
const OFFSET_LIMBS = [0x2325, 0x8422, 0x9ce4, 0xcbf2] as const;

class Fnv64 {
  private h0: number = OFFSET_LIMBS[0];
  private h1: number = OFFSET_LIMBS[1];
  private h2: number = OFFSET_LIMBS[2];
  private h3: number = OFFSET_LIMBS[3];

  byte(b: number): void {
    const h0 = this.h0 ^ b;
    const t0 = h0 * 0x1b3;
    const t1 = this.h1 * 0x1b3 + (t0 >>> 16);
    const t2 = this.h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
    this.h3 = (this.h3 * 0x1b3 + (this.h1 << 8) + (t2 >>> 16)) & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h0 = t0 & 0xffff;
  }

  text(s: string): void {
    // ASCII, the usual label, is its own UTF-8: no buffer needed.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        for (const b of Buffer.from(s.slice(i), 'utf8')) this.byte(b);
        return;
      }
      this.byte(c);
    }
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((l) => l.toString(16).padStart(4, '0')).join('');
  }
}

const SEPARATOR = 0xff;

// Go compares strings as UTF-8 bytes, which is code point order. JavaScript's < is UTF-16 code
// unit order: the same until a string holds a character from U+D800 up (surrogates sort below
// U+E000..U+FFFF), so only those take the slow road.
const ABOVE_SURROGATES = /[\uD800-\uFFFF]/;

export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  if (ABOVE_SURROGATES.test(a) || ABOVE_SURROGATES.test(b))
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : 1;
}

/** Label names in Go's order. */
export const sortedNames = (labels: LabelSet): string[] => Object.keys(labels).sort(compareGo);

/** prometheus/common `LabelSet.Fingerprint()`: FNV-1a 64 over sorted name, 0xff, value, 0xff; 16 hex digits. */
export function fingerprint(labels: LabelSet): string {
  const h = new Fnv64();
  for (const name of sortedNames(labels)) {
    h.text(name);
    h.byte(SEPARATOR);
    h.text(labels[name]!);
    h.byte(SEPARATOR);
  }
  return h.hex();
}

/**
 * A label set with its names sorted once, for sorting many: Alertmanager's comparisons walk the
 * names in order on every call.
 */
export interface SortableLabels {
  readonly labels: LabelSet;
  readonly names: readonly string[];
}

export const sortable = (labels: LabelSet): SortableLabels => ({ labels, names: sortedNames(labels) });

/**
 * prometheus/common `LabelSet.Before` as a comparator: fewer labels first; then, walking the
 * names of both in order, the first name only one has (the one lacking it first), or the first
 * differing value.
 */
export function compareLabelSets(a: SortableLabels, b: SortableLabels): number {
  if (a.names.length !== b.names.length) return a.names.length - b.names.length;
  for (let i = 0, j = 0; i < a.names.length && j < b.names.length;) {
    const an = a.names[i]!;
    const bn = b.names[j]!;
    const c = compareGo(an, bn);
    if (c < 0) return 1; // a has a name b lacks: b comes first
    if (c > 0) return -1;
    const v = compareGo(a.labels[an]!, b.labels[bn]!);
    if (v !== 0) return v;
    i++;
    j++;
  }
  return 0;
}

/** Alertmanager's order of the alerts in a group (`types.AlertSlice`): by job, then instance, then labels. */
export function compareGroupedAlerts(a: SortableLabels, b: SortableLabels): number {
  for (const key of ['job', 'instance']) {
    const ah = Object.hasOwn(a.labels, key);
    const bh = Object.hasOwn(b.labels, key);
    if (!ah && !bh) continue;
    if (!ah) return 1;
    if (!bh) return -1;
    const c = compareGo(a.labels[key]!, b.labels[key]!);
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
