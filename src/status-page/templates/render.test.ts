import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockTime, listNames, renderTemplate, startTime } from './render.ts';

describe('renderTemplate', () => {
  it('fills in every known variable, with or without spaces in the braces', () => {
    assert.equal(
      renderTemplate(
        '[UPDATE {{time}}] {{ component }} of {{service}} is slow since {{start_time}}. {{time}}',
        {
          service: 'Search',
          component: 'Search API',
          start_time: '2030-06-01 14:05 UTC',
          time: '14:32',
        },
      ),
      '[UPDATE 14:32] Search API of Search is slow since 2030-06-01 14:05 UTC. 14:32',
    );
  });

  it('leaves unknown placeholders and ones without a value as written', () => {
    assert.equal(
      renderTemplate('{{component}} {{customer}} {{ service }}', { component: 'API' }),
      'API {{customer}} {{ service }}',
    );
  });

  it('does not read a value as a template again', () => {
    assert.equal(renderTemplate('{{component}}', { component: '{{time}}', time: '09:00' }), '{{time}}');
  });
});

describe('template values', () => {
  it('formats times in UTC', () => {
    const t = Date.parse('2030-06-01T04:07:59+02:00');
    assert.equal(clockTime(t), '02:07');
    assert.equal(startTime(t), '2030-06-01 02:07 UTC');
  });

  it('lists names as a sentence', () => {
    assert.equal(listNames([]), undefined);
    assert.equal(listNames(['A']), 'A');
    assert.equal(listNames(['A', 'B']), 'A and B');
    assert.equal(listNames(['A', 'B', 'C']), 'A, B and C');
  });
});
