import { Typography } from '@mantine/core';
import { useMemo } from 'react';
import { safeMarkdown } from '../status-page/MarkdownPreview.tsx';

/** An item's Markdown description, rendered safely (no raw HTML, no script links). */
export function Description({ body }: { body: string }) {
  const html = useMemo(() => safeMarkdown(body), [body]);
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
