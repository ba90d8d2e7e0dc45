import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPrintableHtml } from './html.ts';
import { type PostmortemDocument, renderMarkdown } from './markdown.ts';

const MIN = 60_000;

function doc(overrides: Partial<PostmortemDocument> = {}): PostmortemDocument {
  return {
    title: 'Checkout outage on 25 November',
    status: 'published',
    incident: {
      number: 42,
      title: 'Checkout 5xx | errors',
      severity: 'SEV1',
      services: ['Checkout API', 'Payments'],
      url: 'https://tocsin.example/incidents/INC-42',
    },
    time_zone: 'Europe/Paris',
    owner: 'Bob Martin',
    reviewers: [
      { name: 'Alice Smith', approved: true },
      { name: 'Carol Jones', approved: false },
    ],
    published_at: Date.parse('2026-11-27T15:00:00Z'),
    tags: ['deploy', 'payments'],
    durations: { detect_ms: 2 * MIN, acknowledge_ms: 3 * MIN, mitigate_ms: null, resolve_ms: 50 * MIN },
    sections: [
      { key: 'summary', title: 'Summary', body: 'Checkout failed for **20%** of customers.' },
      {
        key: 'timeline',
        title: 'Timeline',
        body: '| Time (Europe/Paris) | Event |\n| --- | --- |\n| 2026-11-25 10:03 | Acknowledged by Alice \\| on call |',
      },
      {
        key: 'root_cause',
        title: 'Root <cause>',
        body: 'A bad flag. <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))',
      },
    ],
    ...overrides,
  };
}

describe('postmortem export: Markdown', () => {
  it('opens with the title and a table of facts, then each section under its heading', () => {
    const md = renderMarkdown(doc());
    const lines = md.split('\n');
    assert.equal(lines[0], '# Checkout outage on 25 November');
    assert.deepEqual(lines.slice(2, 15), [
      '| Field | Value |',
      '| --- | --- |',
      '| Incident | [INC-42: Checkout 5xx \\| errors](<https://tocsin.example/incidents/INC-42>) |',
      '| Severity | SEV1 |',
      '| Services | Checkout API, Payments |',
      '| Status | published on 2026-11-27 16:00 (Europe/Paris) |',
      '| Owner | Bob Martin |',
      '| Reviewers | Alice Smith (approved), Carol Jones (pending) |',
      '| Time to detect | 2 min |',
      '| Time to acknowledge | 3 min |',
      '| Time to mitigate | not recorded |',
      '| Time to resolve | 50 min |',
      '| Tags | deploy, payments |',
    ]);
    assert.deepEqual(
      lines.filter((l) => l.startsWith('## ')),
      ['## Summary', '## Timeline', '## Root \\<cause>'],
    );
    assert.ok(md.includes('## Summary\n\nCheckout failed for **20%** of customers.\n\n## Timeline'));
    assert.ok(md.endsWith('[x](javascript:alert(3))\n'), 'section bodies are kept as written');
  });

  it('says what is not there yet, and links nothing unsafe', () => {
    const md = renderMarkdown(
      doc({
        status: 'in_review',
        published_at: null,
        owner: null,
        reviewers: [],
        tags: [],
        incident: { ...doc().incident, url: 'javascript:alert(1)' },
      }),
    );
    assert.match(md, /^\| Incident \| INC-42: Checkout 5xx \\\| errors \|$/m);
    assert.match(md, /^\| Status \| in review \|$/m);
    assert.match(md, /^\| Owner \| nobody yet \|$/m);
    assert.match(md, /^\| Reviewers \| none \|$/m);
    assert.match(md, /^\| Tags \| none \|$/m);
  });
});

describe('postmortem export: printable HTML', () => {
  const page = renderPrintableHtml(doc());

  it('is a standalone page with a print style and no script', () => {
    assert.match(page, /^<!doctype html>/);
    assert.match(page, /<\/html>\s*$/);
    assert.match(page, /<style>[^<]*@media print\{/);
    assert.match(page, /<style>[^<]*@page\{/);
    assert.doesNotMatch(page, /<script/i);
    assert.doesNotMatch(page, /<link|<img|<iframe/i, 'nothing is fetched from elsewhere');
    assert.match(page, /<title>Checkout outage on 25 November · Postmortem · Tocsin<\/title>/);
  });

  it('shows the facts and the sections, Markdown rendered', () => {
    assert.match(page, /<h1>Checkout outage on 25 November<\/h1>/);
    assert.match(
      page,
      /<th scope="row">Incident<\/th>\s*<td><a href="https:\/\/tocsin\.example\/incidents\/INC-42">INC-42: Checkout 5xx \| errors<\/a><\/td>/,
    );
    assert.match(page, /<th scope="row">Time to resolve<\/th>\s*<td>50 min<\/td>/);
    assert.deepEqual(
      [...page.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]),
      ['Summary', 'Timeline', 'Root &#60;cause&#62;'],
    );
    assert.match(page, /<p>Checkout failed for <strong>20%<\/strong> of customers.<\/p>/);
    assert.match(page, /<th>Time \(Europe\/Paris\)<\/th>/);
    assert.match(page, /<td>2026-11-25 10:03<\/td>\s*<td>Acknowledged by Alice \| on call<\/td>/);
  });

  it('shows raw HTML in a section as text', () => {
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /&lt;img src=x onerror=alert\(2\)&gt;/);
    assert.doesNotMatch(page, /href="javascript:/);
  });

  it('escapes the facts and does not link an unsafe incident URL', () => {
    const hostile = renderPrintableHtml(
      doc({
        title: '<script>alert(1)</script>',
        owner: '"><img src=x>',
        incident: { ...doc().incident, url: 'javascript:alert(1)' },
      }),
    );
    assert.doesNotMatch(hostile, /<script|<img/i);
    assert.match(hostile, /<h1>&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/h1>/);
    assert.match(hostile, /<td>INC-42: Checkout 5xx \| errors<\/td>/);
    assert.doesNotMatch(hostile, /href="javascript:/);
  });
});
