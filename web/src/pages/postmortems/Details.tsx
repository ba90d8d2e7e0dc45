import { Paper, Select, SimpleGrid, TagsInput, Text, TextInput } from '@mantine/core';
import { DateTime } from 'luxon';
import type { PostmortemView } from '../../types.ts';
import { duration, Field } from '../incident/Facts.tsx';
import { choosable, usePeople } from '../policies/directory.ts';
import { useIncidentDraft } from './data.ts';

/** What the editor holds until it is saved: the postmortem's editable fields, as the form shows them. */
export interface Edits {
  /** The revision the edits started from: saving sends it as if_revision. */
  base: number;
  title: string;
  owner_id: string | null;
  tags: string[];
  /** A datetime-local value in the browser's zone, '' for none. */
  due: string;
  sections: PostmortemView['sections'];
}

const LOCAL = "yyyy-MM-dd'T'HH:mm";

export function editsOf(pm: PostmortemView): Edits {
  return {
    base: pm.revision,
    title: pm.title,
    owner_id: pm.owner?.id ?? null,
    tags: pm.tags,
    due: pm.due_at === null ? '' : DateTime.fromISO(pm.due_at).toFormat(LOCAL),
    sections: pm.sections,
  };
}

/** The PATCH body: only what changed, with the revision the edits started from. */
export function patchOf(e: Edits, pm: PostmortemView): Record<string, unknown> {
  const was = editsOf(pm);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return {
    ...(e.title === was.title ? {} : { title: e.title }),
    ...(e.owner_id === was.owner_id ? {} : { owner_id: e.owner_id }),
    ...(same(e.tags, was.tags) ? {} : { tags: e.tags }),
    ...(e.due === was.due ? {} : { due_at: e.due === '' ? null : DateTime.fromISO(e.due).toUTC().toISO() }),
    ...(same(e.sections, was.sections) ? {} : { sections: e.sections }),
    if_revision: e.base,
  };
}

/** Title, owner, tags and due date: fields while editable, facts once published. */
export function Details({
  edits,
  readOnly,
  onChange,
  errors,
}: {
  edits: Edits;
  readOnly: boolean;
  onChange: (e: Edits) => void;
  errors: Partial<Record<'title' | 'owner_id' | 'tags' | 'due_at', string>>;
}) {
  const people = usePeople(!readOnly);
  if (readOnly) return null;
  const owners = choosable(people.data?.data)
    .filter((u) => u.role !== 'viewer')
    .map((u) => ({ value: u.id, label: u.name }));
  return (
    <Paper withBorder p="md" component="section" aria-label="Details">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label="Title"
          value={edits.title}
          onChange={(e) => onChange({ ...edits, title: e.currentTarget.value })}
          error={errors.title}
        />
        <Select
          label="Owner"
          data={owners}
          value={edits.owner_id}
          onChange={(owner_id) => onChange({ ...edits, owner_id })}
          searchable
          clearable
          error={errors.owner_id}
        />
        <TagsInput
          label="Tags"
          description="Press Enter after each"
          value={edits.tags}
          onChange={(tags) => onChange({ ...edits, tags })}
          error={errors.tags}
        />
        <TextInput
          type="datetime-local"
          label="Due"
          description="Set from the severity when the incident resolved"
          value={edits.due}
          onChange={(e) => onChange({ ...edits, due: e.currentTarget.value })}
          error={errors.due_at}
        />
      </SimpleGrid>
    </Paper>
  );
}

const shown = (ms: number | null) => (ms === null ? 'not measured' : duration(ms / 1000));

/** The four response durations, from the incident's stored times (the server computes them). */
export function Durations({ id }: { id: string }) {
  const draft = useIncidentDraft(id);
  if (draft.isPending) return null;
  if (draft.isError) return <Text size="sm">Could not load the durations: {draft.error.message}</Text>;
  const d = draft.data.durations;
  return (
    <Paper withBorder p="sm">
      <SimpleGrid cols={{ base: 2, sm: 4 }} component="dl" m={0} spacing="xs" aria-label="Durations">
        <Field label="Time to detect">{shown(d.detect_ms)}</Field>
        <Field label="Time to acknowledge">{shown(d.acknowledge_ms)}</Field>
        <Field label="Time to mitigate">{shown(d.mitigate_ms)}</Field>
        <Field label="Time to resolve">{shown(d.resolve_ms)}</Field>
      </SimpleGrid>
    </Paper>
  );
}
