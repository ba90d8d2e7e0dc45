import { Html, html } from '../../incidents/action-pages.ts';
import { renderMarkdown as markdownToSafeHtml } from '../../status-page/public/markdown.ts';
import { type PostmortemDocument, frontMatter } from './markdown.ts';

/**
 * The printable postmortem (`GET /postmortems/:id/print`): one standalone page, no script, no
 * external resources, laid out for paper by its print style. Values are escaped by `html`; the
 * section bodies go through the status page's Markdown renderer, which passes no raw HTML
 * through (`html: false`) and links only http(s) and mailto, so a `<script>` in a section is
 * shown as text.
 */

const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MONO = "ui-monospace,SFMono-Regular,Menlo,Consolas,'Liberation Mono',monospace";

const STYLE = [
  `*{box-sizing:border-box}body{font:16px/1.55 ${FONT};margin:0;color:#000;background:#fff}`,
  'main{max-width:50rem;margin:0 auto;padding:2rem 1rem 3rem}',
  'h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem;overflow-wrap:anywhere}',
  'h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid #ced4da}',
  'h3{font-size:1.0625rem}',
  'table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9375rem}',
  'th,td{border:1px solid #adb5bd;padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}',
  'thead th{background:#f1f3f5}.facts th{width:13rem;background:#f8f9fa;font-weight:600}',
  `code,pre{font-family:${MONO};font-size:.875em}pre{white-space:pre-wrap;background:#f8f9fa;padding:.5rem;border-radius:4px}`,
  'blockquote{margin:.5rem 0;padding:0 1rem;border-left:3px solid #ced4da;color:#343a40}',
  'a{color:#1864ab}',
  '@page{size:A4;margin:18mm 16mm}',
  '@media print{body{font-size:11pt}main{max-width:none;padding:0}a{color:#000}',
  'h2,h3{break-after:avoid}tr,pre,blockquote{break-inside:avoid}thead{display:table-header-group}}',
].join('');

/** The page, complete: `<!doctype html>` to `</html>`. Pure. */
export function renderPrintableHtml(doc: PostmortemDocument): string {
  const facts = frontMatter(doc).map(
    (f) =>
      html`<tr>
        <th scope="row">${f.label}</th>
        <td>${f.href === undefined ? f.text : html`<a href="${f.href}">${f.text}</a>`}</td>
      </tr>`,
  );
  const sections = doc.sections.map(
    (s) =>
      html`<section>
        <h2>${s.title}</h2>
        ${new Html(markdownToSafeHtml(s.body))}
      </section>`,
  );
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${doc.title} · Postmortem · Tocsin</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <main>
          <h1>${doc.title}</h1>
          <table class="facts" aria-label="Postmortem facts">
            <tbody>
              ${facts}
            </tbody>
          </table>
          ${sections}
        </main>
      </body>
    </html> `.text;
}
