import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Input,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { MarkdownPreview } from '../status-page/MarkdownPreview.tsx';
import { SEVERITIES, useAllServices } from './data.ts';
import type { Draft, MatcherRow, SaveErrors } from './draft.ts';

/**
 * The runbook's fields, for a new runbook and an existing one: its details, its Markdown text
 * with Edit and Preview tabs (the preview renders as the read-only view does: raw HTML stays
 * text), and what alerts it applies to. The API's 400 shows at the field it names, a matcher's
 * at its row; the page around it holds the save button.
 */
export function RunbookForm({
  draft,
  onChange,
  errors,
  owners,
}: {
  draft: Draft;
  onChange: (d: Draft) => void;
  errors: SaveErrors;
  /** The teams the person may give it to; '' is "no team" (admins only). */
  owners: { value: string; label: string }[];
}) {
  const services = useAllServices();
  const set = (change: Partial<Draft>) => onChange({ ...draft, ...change });
  const e = errors.byField;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" component="section" aria-label="Details">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Title"
            description="Unique: pages and the library name it"
            withAsterisk
            value={draft.title}
            onChange={(ev) => set({ title: ev.currentTarget.value })}
            error={e.title}
          />
          <NativeSelect
            label="Owner team"
            description="Its members and admins may change it"
            value={draft.owner_team_id}
            onChange={(ev) => set({ owner_team_id: ev.currentTarget.value })}
            data={owners}
            error={e.owner_team_id}
          />
          <TagsInput
            label="Tags"
            description="Press Enter after each"
            value={draft.tags}
            onChange={(tags) => set({ tags })}
            error={e.tags}
          />
          <NumberInput
            label="Review every (days)"
            description="It shows as overdue once this long has passed since its last review"
            min={1}
            max={3650}
            allowDecimal={false}
            value={draft.review_interval_days}
            onChange={(v) => set({ review_interval_days: v })}
            error={e.review_interval_days}
          />
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="runbook-text">
        <Stack gap="xs">
          <Title order={2} size="h4" id="runbook-text">
            Text
          </Title>
          <Tabs defaultValue="edit" keepMounted={false}>
            <Tabs.List mb="xs" aria-label="Text: edit or preview">
              <Tabs.Tab value="edit">Edit</Tabs.Tab>
              <Tabs.Tab value="preview">Preview</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="edit">
              <Textarea
                aria-label="Runbook text (Markdown)"
                value={draft.body}
                onChange={(ev) => set({ body: ev.currentTarget.value })}
                error={e.body}
                autosize
                minRows={8}
                maxRows={30}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
            </Tabs.Panel>
            <Tabs.Panel value="preview">
              <MarkdownPreview body={draft.body} label="Preview" empty="Nothing written yet." />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="runbook-applies">
        <Stack gap="sm">
          <Title order={2} size="h4" id="runbook-applies">
            When it applies
          </Title>
          <Text size="sm">
            A runbook applies to an alert when every condition set here holds; the incident page lists it, and
            the most specific one is linked in pages. With no service and no matcher it is in the library
            only.
          </Text>
          <MultiSelect
            label="Services"
            placeholder={draft.service_ids.length === 0 ? 'Any service' : undefined}
            data={(services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={draft.service_ids}
            onChange={(service_ids) => set({ service_ids })}
            error={e.service_ids}
            searchable
          />
          <MatcherInputs rows={draft.matchers} onChange={(matchers) => set({ matchers })} errors={errors} />
          <Checkbox.Group
            label="Severities"
            description="None ticked: any severity"
            value={draft.severities}
            onChange={(severities) => set({ severities })}
            error={e.severities}
          >
            <Group gap="md" mt={6}>
              {SEVERITIES.map((s) => (
                <Checkbox key={s} value={s} label={s} />
              ))}
            </Group>
          </Checkbox.Group>
          <TagsInput
            label="Sources"
            description="An alert's source, exactly (the host or system that sent it); none: any source"
            value={draft.sources}
            onChange={(sources) => set({ sources })}
            error={e.sources}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * Label matchers in Alertmanager syntax, one per row (`alertname="DiskFull"`,
 * `instance=~"db-.*"`), each removable. Blank rows are not sent.
 */
function MatcherInputs({
  rows,
  onChange,
  errors,
}: {
  rows: MatcherRow[];
  onChange: (rows: MatcherRow[]) => void;
  errors: SaveErrors;
}) {
  const nextKey = rows.reduce((k, r) => Math.max(k, r.key + 1), 0);
  return (
    <Stack gap={6} role="group" aria-labelledby="matchers-label">
      <div>
        <Input.Label labelElement="div" id="matchers-label">
          Label matchers
        </Input.Label>
        <Input.Description c="gray.7">
          Alertmanager syntax: <code>alertname=&quot;DiskFull&quot;</code>,{' '}
          <code>instance=~&quot;db-.*&quot;</code> (a regular expression),{' '}
          <code>env!=&quot;staging&quot;</code>. Every matcher must hold.
        </Input.Description>
      </div>
      {errors.byField.matchers !== undefined && (
        <Text c="red.8" size="sm" role="alert">
          {errors.byField.matchers}
        </Text>
      )}
      {rows.length > 0 && (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Matchers">
          {rows.map((r, i) => (
            <Group key={r.key} component="li" gap="xs" align="start" wrap="nowrap">
              <TextInput
                label={`Matcher ${i + 1}`}
                placeholder='alertname="DiskFull"'
                value={r.text}
                onChange={(ev) => {
                  const text = ev.currentTarget.value;
                  onChange(rows.map((x) => (x.key === r.key ? { ...x, text } : x)));
                }}
                error={errors.matcherRow === r.key ? errors.matcherMessage : undefined}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                style={{ flex: 1, minWidth: 0 }}
              />
              <ActionIcon
                variant="default"
                size="lg"
                mt={25}
                aria-label={`Remove matcher ${i + 1}`}
                onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Stack>
      )}
      <Group>
        <Button variant="default" size="xs" onClick={() => onChange([...rows, { key: nextKey, text: '' }])}>
          Add a matcher
        </Button>
      </Group>
    </Stack>
  );
}
