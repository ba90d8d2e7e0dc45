import MarkdownIt from 'markdown-it';

/**
 * The ONE place public update bodies (Markdown) become HTML: the status page, its feeds, and the
 * subscriber mails (src/status-page/subscribers) all render through here, so what is safe on the
 * page is safe in a mail.
 *
 * Safety comes from the parser, not from cleaning its output afterwards:
 * - `html: false`: raw HTML in a body is shown as text, never passed through (no <script>, no
 *   event handlers, no <iframe>);
 * - links may only point at http(s) and mailto (markdown-it's default also lets through other
 *   schemes such as `data:` images and `ftp:`; a status update needs neither), anything else is
 *   left as plain text;
 * - images are not rendered (a mail client would fetch them: a tracking pixel in a public update
 *   is not ours to send); their alt text stays;
 * - every link gets rel="nofollow noopener noreferrer": the text is written by the page's
 *   owner, but readers should not be tied to wherever it points.
 */

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

function build(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  md.disable('image');
  md.validateLink = (url: string) => SAFE_LINK.test(url.trim());
  const defaultOpen = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer');
    return defaultOpen
      ? defaultOpen(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };
  return md;
}

const md = build();

/** An update body as safe HTML (block elements: paragraphs, lists, code). */
export function renderMarkdown(body: string): string {
  return md.render(body);
}

/**
 * An update body as plain text (for text mail parts, feed titles, and text alternatives):
 * the rendered HTML's text, tags dropped and entities decoded, with paragraphs kept apart.
 */
export function markdownToText(body: string): string {
  const html = md.render(body);
  return html
    .replace(/<\/(p|li|h[1-6]|pre|blockquote)>/g, '\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(lt|gt|quot|amp|#(\d+));/g, (_m, name: string, code: string | undefined) =>
      code !== undefined
        ? String.fromCharCode(Number(code))
        : { lt: '<', gt: '>', quot: '"', amp: '&' }[name]!,
    )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
