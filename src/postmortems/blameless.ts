import type { DraftSection } from './draft/index.ts';

/**
 * The blameless check (issue 19): a postmortem that says who caused an incident teaches people
 * to hide the next one. This flags sentences where a person, named or not, is the subject of a
 * blaming phrase, as review comments for the author. It never blocks: it is a heuristic over
 * prose, and a false positive must cost a glance, not a publish.
 *
 * A finding is a subject (a name given, its first word, or he/she/they/someone ...) followed,
 * within MAX_WORDS_BETWEEN words and the same sentence, by one of BLAME_PHRASES. "The deploy
 * caused" has no person in it and passes; "Alice caused" and "someone forgot to" do not.
 */

export interface BlameFinding {
  section_key: string;
  /** The sentence around the match, shortened to about EXCERPT_CONTEXT characters each side. */
  excerpt: string;
  /** The blaming phrase found, lower-case (`caused`, `failed to` ...). */
  pattern: string;
  message: string;
}

const GENERIC_SUBJECTS = [
  'he',
  'she',
  'they',
  'someone',
  'somebody',
  'the engineer',
  'the developer',
  'the operator',
];

const BLAME_PHRASES = [
  'caused',
  'failed to',
  'should have',
  'forgot',
  "didn't",
  'didn’t',
  'did not',
  'neglected',
  'broke',
  'was careless',
  'human error',
  'fault',
];

/** "Alice quickly forgot", "Alice's change caused": close enough to read as one claim; "Alice noticed the deploy caused" is not. */
const MAX_WORDS_BETWEEN = 2;
const EXCERPT_CONTEXT = 60;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A letter, digit or underscore in any script: word edges that work for `Zoë` and `O'Brien` too. */
const WORD = '[\\p{L}\\p{N}_]';
/** Between subject and phrase: words and the spaces or punctuation inside a sentence, never across one. */
const GAP = `(?:[^\\p{L}\\p{N}_.!?;:\\n]+${WORD}+){0,${MAX_WORDS_BETWEEN}}[^\\p{L}\\p{N}_.!?;:\\n]+`;

function alternation(items: string[]): string {
  // Longest first, so `Alice Smith` wins over `Alice` at the same place and is reported once.
  return [...new Set(items)]
    .sort((a, b) => b.length - a.length)
    .map((s) => escapeRegExp(s).replace(/\s+/g, '\\s+'))
    .join('|');
}

/** Each name, and its first word when it has several (people are written about by first name). */
function subjects(names: string[]): string[] {
  const out = [...GENERIC_SUBJECTS];
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name === '') continue;
    out.push(name);
    const first = name.split(' ')[0]!;
    if (first !== name && first.length >= 2) out.push(first);
  }
  return out;
}

function blameRegExp(names: string[]): RegExp {
  return new RegExp(
    `(?<!${WORD})(?<subject>${alternation(subjects(names))})${GAP}(?<phrase>${alternation(BLAME_PHRASES)})(?!${WORD})`,
    'giu',
  );
}

/** The sentence around [start, end), cut to EXCERPT_CONTEXT characters each side, on one line. */
function excerpt(text: string, start: number, end: number): string {
  const sentenceStart = Math.max(...['.', '!', '?', '\n'].map((c) => text.lastIndexOf(c, start - 1))) + 1;
  const after = text.slice(end).search(/[.!?\n]/);
  const sentenceEnd = after === -1 ? text.length : end + after + 1;
  const from = Math.max(sentenceStart, start - EXCERPT_CONTEXT);
  const to = Math.min(sentenceEnd, end + EXCERPT_CONTEXT);
  const cut = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > sentenceStart ? '…' : ''}${cut}${to < sentenceEnd ? '…' : ''}`;
}

/** Every blaming sentence in the sections, in section order. `names`: the people involved. */
export function blameFindings(sections: DraftSection[], names: string[]): BlameFinding[] {
  const re = blameRegExp(names);
  const findings: BlameFinding[] = [];
  for (const section of sections) {
    for (const m of section.body.matchAll(re)) {
      const subject = m.groups!.subject!;
      const phrase = m.groups!.phrase!.toLowerCase();
      findings.push({
        section_key: section.key,
        excerpt: excerpt(section.body, m.index, m.index + m[0].length),
        pattern: phrase,
        message: `"${subject} … ${phrase}" puts a person at the cause. Describe what the system allowed, not who: what made the action possible, and what would have caught it.`,
      });
    }
  }
  return findings;
}
