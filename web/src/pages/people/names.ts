/** “A”, “A and B”, “A, B and C”: names in a sentence saying what a change touches. */
export function names(list: { name: string }[]): string {
  const n = list.map((x) => `“${x.name}”`);
  return n.length <= 1 ? (n[0] ?? '') : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}
