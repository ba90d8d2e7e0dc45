import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { toYaml } from './export.ts';

describe('export YAML', () => {
  it('reads back as the same strings under YAML 1.1 and 1.2 (issue 14 item 13)', () => {
    // Strings that a YAML 1.1 reader (PyYAML, go-yaml v2) would turn into numbers, booleans,
    // timestamps or null if they were written plain.
    const config = {
      version: 1,
      schedules: [
        {
          name: 'on',
          team: 'no',
          layers: [
            {
              name: 'Y',
              start_date: '2025-01-06',
              handoff_time: '10:00',
              participants: ['0123', '1_000', '190:20:30', '0b101', 'off', '~', 'plain name'],
            },
          ],
        },
      ],
      silences: [{ name: 'a', starts_at: '2027-11-15T06:00:00Z', comment: 'two\nlines' }],
    };
    const text = toYaml(config);
    assert.deepEqual(parse(text, { version: '1.1' }), config, text);
    assert.deepEqual(parse(text), config, text);
    assert.match(text, /handoff_time: "10:00"$/m);
    // Ordinary strings stay plain, so the file still reads like one written by hand.
    assert.match(text, /- plain name$/m);
    assert.match(text, /^version: 1$/m);
  });
});
