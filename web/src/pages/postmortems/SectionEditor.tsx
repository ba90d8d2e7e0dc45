import {
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Tabs,
  Text,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { PostmortemView } from '../../types.ts';
import { MarkdownPreview, safeMarkdown } from '../status-page/MarkdownPreview.tsx';

type Section = PostmortemView['sections'][number];
type Comment = PostmortemView['review_comments'][number];

/** Markdown shown as text, safely (raw HTML stays text): the read-only view of a section. */
export function MarkdownBody({ body }: { body: string }) {
  const html = useMemo(() => safeMarkdown(body), [body]);
  return (
    <Typography fz="sm" style={{ overflowWrap: 'anywhere' }}>
      <div data-testid="markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}

/**
 * One section of the postmortem: its Markdown with Edit and Preview tabs (read-only: rendered),
 * and beside it the blameless check's hints on its text, which never block anything. The
 * timeline section can be put back as the incident drafts it now; the incident's action items
 * themselves follow the action items section (PostmortemPage).
 */
export function SectionEditor({
  section,
  comments,
  readOnly,
  incidentRef,
  onChange,
  onReinsertTimeline,
}: {
  section: Section;
  comments: Comment[];
  readOnly: boolean;
  incidentRef: string;
  onChange: (body: string) => void;
  /** Set for the timeline section when the incident's draft is loaded. */
  onReinsertTimeline?: (() => void) | undefined;
}) {
  const id = `section-${section.key}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: comments.length > 0 ? 8 : 12 }}>
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Title order={2} size="h4" id={id}>
                {section.title}
              </Title>
              {!readOnly && onReinsertTimeline !== undefined && (
                <Button size="xs" variant="default" onClick={onReinsertTimeline}>
                  Re-insert timeline from incident
                </Button>
              )}
            </Group>
            {readOnly ? (
              <MarkdownBody body={section.body} />
            ) : (
              <Tabs defaultValue="edit" keepMounted={false}>
                <Tabs.List mb="xs" aria-label={`${section.title}: edit or preview`}>
                  <Tabs.Tab value="edit">Edit</Tabs.Tab>
                  <Tabs.Tab value="preview">Preview</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="edit">
                  <Textarea
                    aria-label={`${section.title} (Markdown)`}
                    value={section.body}
                    onChange={(e) => onChange(e.currentTarget.value)}
                    autosize
                    minRows={3}
                    maxRows={24}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  />
                </Tabs.Panel>
                <Tabs.Panel value="preview">
                  <MarkdownPreview body={section.body} label="Preview" empty="Nothing written yet." />
                </Tabs.Panel>
              </Tabs>
            )}
            {section.key === 'action_items' && (
              <Text size="sm">
                Action items are tracked on the incident, with an owner and a due date: they are listed below
                and on{' '}
                <Anchor component={Link} to={`/incidents/${encodeURIComponent(incidentRef)}#action-items`}>
                  {incidentRef}&apos;s page
                </Anchor>
                .
              </Text>
            )}
          </Stack>
        </Grid.Col>
        {comments.length > 0 && (
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="xs" aria-label={`Review hints for ${section.title}`} component="aside">
              {comments.map((c, n) => (
                <Alert key={n} color="yellow" variant="light" title="Blameless hint" p="xs">
                  <Text size="sm">{c.message}</Text>
                  <Text size="xs" c="gray.8" mt={4}>
                    “{c.excerpt}”
                  </Text>
                </Alert>
              ))}
            </Stack>
          </Grid.Col>
        )}
      </Grid>
    </Paper>
  );
}
