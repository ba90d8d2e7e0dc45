import { Paper, Text, Typography } from '@mantine/core';
import MarkdownIt from 'markdown-it';
import { useMemo } from 'react';

/**
 * The public text as the status page will show it. Configured like the public page's renderer
 * (src/status-page/public/markdown.ts): `html: false`, so raw HTML in a body shows as text and
 * never runs, and `linkify: true`, so bare URLs become links. markdown-it also refuses
 * `javascript:` and similar link targets, which is what makes setting the result as HTML safe.
 */
const md = new MarkdownIt({ html: false, linkify: true });

/** Markdown as HTML that is safe to set (see above): postmortems and action items render with it too. */
export const safeMarkdown = (body: string): string => md.render(body);

export function MarkdownPreview({
  body,
  label,
  empty = 'Nothing to show yet: write the update above.',
}: {
  body: string;
  label: string;
  /** What an empty body shows instead (postmortem sections, action item descriptions). */
  empty?: string;
}) {
  const html = useMemo(() => safeMarkdown(body), [body]);
  return (
    <Paper withBorder p="sm" component="section" aria-label={label} bg="gray.0">
      <Text size="xs" fw={700} c="gray.7" tt="uppercase" mb={4}>
        {label}
      </Text>
      {body.trim() === '' ? (
        <Text size="sm" c="gray.7">
          {empty}
        </Text>
      ) : (
        <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
          <div data-testid="public-preview" dangerouslySetInnerHTML={{ __html: html }} />
        </Typography>
      )}
    </Paper>
  );
}
