import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToText, renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('renders Markdown: emphasis, lists, code, paragraphs', () => {
    const out = renderMarkdown('We are **investigating**.\n\n- API\n- Web\n\n`500` errors');
    assert.match(out, /<strong>investigating<\/strong>/);
    assert.match(out, /<ul>\s*<li>API<\/li>\s*<li>Web<\/li>\s*<\/ul>/);
    assert.match(out, /<code>500<\/code>/);
  });

  it('shows raw HTML as text, never as markup', () => {
    const out = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>');
    assert.doesNotMatch(out, /<script|<img|<b>/);
    assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(out, /&lt;b&gt;bold&lt;\/b&gt;/);
  });

  it('links only to http(s) and mailto, with rel nofollow noopener noreferrer', () => {
    const ok = renderMarkdown('[docs](https://example.com/a) and [mail](mailto:ops@example.com)');
    assert.match(ok, /<a href="https:\/\/example.com\/a" rel="nofollow noopener noreferrer">docs<\/a>/);
    assert.match(ok, /<a href="mailto:ops@example.com" rel="nofollow noopener noreferrer">mail<\/a>/);
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'ftp://x',
    ]) {
      const out = renderMarkdown(`[click](${bad})`);
      assert.doesNotMatch(out, /<a /, bad);
    }
  });

  it('turns bare URLs into links, the same rules applying', () => {
    assert.match(renderMarkdown('see https://example.com/x'), /<a href="https:\/\/example.com\/x"/);
  });

  it('does not render images (a mail client would fetch them)', () => {
    const out = renderMarkdown('![graph](https://example.com/p.png)');
    assert.doesNotMatch(out, /<img/);
  });
});

describe('markdownToText', () => {
  it('drops the markup and decodes entities', () => {
    assert.equal(
      markdownToText('We are **investigating** <errors> & "timeouts".\n\nNext update soon.'),
      'We are investigating <errors> & "timeouts".\n\nNext update soon.',
    );
  });
});
