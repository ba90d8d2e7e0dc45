// Large `in (...)` lists are sent in slices, well under SQLite's bound-parameter limit.
const SLICE = 500;

/** Runs `fetch` once per slice of the distinct `ids` and concatenates the rows. */
export async function inSlices<T>(ids: string[], fetch: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += SLICE) out.push(...(await fetch(unique.slice(i, i + SLICE))));
  return out;
}
