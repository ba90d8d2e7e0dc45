/**
 * STAND-IN for part X2 (issue 19): the lead replaces this whole file with X2's
 * src/postmortems/export/html.ts on merge. Same exported signature as design19.md; it prints the
 * Markdown as escaped preformatted text, so no input can become markup.
 */
import { escapeHtml } from '../../notify/channels/email.ts';
import { type PostmortemDocument, renderMarkdown } from './markdown.ts';

export function renderPrintableHtml(doc: PostmortemDocument): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title></head>`,
    `<body><pre style="white-space:pre-wrap">${escapeHtml(renderMarkdown(doc))}</pre></body>`,
    '</html>',
  ].join('\n');
}
