import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatTime, inlineText, markdownTable } from './format.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;

describe('postmortem text helpers', () => {
  it('quotes durations in their two largest units', () => {
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(45 * S), '45 s');
    assert.equal(formatDuration(3 * MIN + 20 * S), '3 min');
    assert.equal(formatDuration(H + 5 * MIN), '1 h 5 min');
    assert.equal(formatDuration(2 * H), '2 h');
    assert.equal(formatDuration(51 * H + 7 * MIN), '2 d 3 h');
    assert.equal(formatDuration(-5 * S), '0 s', 'clock skew never reads as a negative duration');
  });

  it('writes times in the zone asked for, across a DST change', () => {
    const t = Date.parse('2026-03-29T00:30:00Z'); // Paris moves to CEST at 01:00 UTC
    assert.equal(formatTime(t, 'Europe/Paris'), '2026-03-29 01:30');
    assert.equal(formatTime(t + H, 'Europe/Paris'), '2026-03-29 03:30');
    assert.equal(formatTime(t, 'UTC'), '2026-03-29 00:30');
    assert.throws(() => formatTime(t, 'Nowhere/Else'), RangeError);
  });

  it('keeps incident text from bending Markdown structure', () => {
    assert.equal(
      inlineText('a | b\n*c* `d` [e](f) <g> \\h'),
      'a \\| b \\*c\\* \\`d\\` \\[e\\](f) \\<g> \\\\h',
    );
    assert.equal(markdownTable(['A', 'B'], [['1', '2']]), '| A | B |\n| --- | --- |\n| 1 | 2 |');
  });
});
