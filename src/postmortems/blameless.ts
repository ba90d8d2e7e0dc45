/**
 * STAND-IN for part X2 (issue 19): the lead replaces this whole file with X2's
 * src/postmortems/blameless.ts on merge. Same exported signatures as design19.md; it flags only
 * a person's name directly followed by "caused", so the API's `review_comments` has a shape to
 * test before X2's check is in.
 */
import type { DraftSection } from './draft/index.ts';

export interface BlameFinding {
  section_key: string;
  excerpt: string;
  pattern: string;
  message: string;
}

export function blameFindings(sections: DraftSection[], names: string[]): BlameFinding[] {
  const found: BlameFinding[] = [];
  for (const s of sections) {
    for (const name of names) {
      const at = s.body.indexOf(`${name} caused`);
      if (at === -1) continue;
      found.push({
        section_key: s.key,
        excerpt: s.body.slice(at, at + name.length + 40),
        pattern: '<name> caused',
        message: `describe what the system allowed rather than what ${name} did`,
      });
    }
  }
  return found;
}
