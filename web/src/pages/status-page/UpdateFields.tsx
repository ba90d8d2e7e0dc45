import { Checkbox, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId } from 'react';
import { api } from '../../api.ts';
import { bindCheck, bindChoice, bindText } from './bind.tsx';
import { SP, SP_NONE, useComponents, useTemplates } from './data.ts';
import { MarkdownPreview } from './MarkdownPreview.tsx';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_STATUSES,
  INCIDENT_STATUSES,
  isClosed,
  MAINTENANCE_STATUSES,
  PUBLIC_STATUS_LABEL,
  type ComponentStatus,
  type PublicStatus,
} from './model.ts';

/**
 * What one public update says (POST /incidents/:id/updates, and the first update of a new
 * public incident): its status, the status it gives each affected component, its text (typed,
 * or filled in from a template by the API) with a preview of how the public page shows it, and
 * whether subscribers are told.
 */
export interface UpdateDraft {
  status: PublicStatus;
  body: string;
  /** Affected components and the status this update gives each. */
  components: Record<string, ComponentStatus>;
  deliver: boolean;
}

export const newDraft = (
  status: PublicStatus,
  components: Record<string, ComponentStatus> = {},
): UpdateDraft => ({ status, body: '', components, deliver: true });

export const draftBody = (d: UpdateDraft) => ({
  status: d.status,
  body: d.body,
  components: d.components,
  deliver_notifications: d.deliver,
});

/**
 * The draft with a new status. Resolving (or completing) gives the components back: each chosen
 * one goes operational, which the person sees and may still change before posting.
 */
export function withStatus(d: UpdateDraft, status: PublicStatus): UpdateDraft {
  if (!isClosed(status)) return { ...d, status };
  const components = Object.fromEntries(Object.keys(d.components).map((id) => [id, 'operational' as const]));
  return { ...d, status, components };
}

/** Which incident a template's variables are filled in from. */
export type RenderFrom = { status_incident_id: string } | { incident_id: string } | Record<string, never>;

export function UpdateFields({
  kind,
  value,
  onChange,
  errors,
  renderFrom,
  onTitle,
}: {
  kind: 'incident' | 'maintenance';
  value: UpdateDraft;
  onChange: (d: UpdateDraft) => void;
  /** The API's messages by field (`status`, `body`, `components`, `deliver_notifications`). */
  errors: Partial<Record<'status' | 'body' | 'components' | 'deliver_notifications', string>>;
  renderFrom: RenderFrom;
  /** A template's title, for a form that has a name still empty. */
  onTitle?: (title: string) => void;
}) {
  const affectedId = useId();
  const components = useComponents();
  const templates = useTemplates();
  const render = useMutation({
    mutationFn: (id: string) =>
      api<{ title: string; body: string }>(
        'POST',
        `${SP}/templates/${encodeURIComponent(id)}/render`,
        renderFrom,
      ),
  });
  const statuses = kind === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  const fit = (templates.data?.data ?? []).filter((t) =>
    (statuses as readonly string[]).includes(t.update_status),
  );
  const applyTemplate = (id: string) => {
    const t = fit.find((x) => x.id === id);
    if (t === undefined) return;
    render.mutate(id, {
      onSuccess: (r) => {
        onChange({ ...withStatus(value, t.update_status), body: r.body });
        if (r.title !== '') onTitle?.(r.title);
      },
    });
  };
  const setStatus = (status: PublicStatus) => onChange(withStatus(value, status));
  const toggle = (id: string, on: boolean, current: ComponentStatus) => {
    const next = { ...value.components };
    if (on) next[id] = current === 'operational' ? 'degraded_performance' : current;
    else delete next[id];
    onChange({ ...value, components: next });
  };

  return (
    <Stack gap="sm">
      <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
        <NativeSelect
          label="Status"
          {...bindChoice(statuses, PUBLIC_STATUS_LABEL, value.status, setStatus)}
          error={errors.status}
          miw={180}
        />
        <NativeSelect
          label="Template"
          description={render.isPending ? 'Filling in…' : 'Fills in the text'}
          data={[
            { value: SP_NONE, label: fit.length === 0 ? 'No templates' : 'Choose a template' },
            ...fit.map((t) => ({
              value: t.id,
              label: `${t.name} (${PUBLIC_STATUS_LABEL[t.update_status]})`,
            })),
          ]}
          value={SP_NONE}
          onChange={(e) => applyTemplate(e.currentTarget.value)}
          error={render.error?.message}
          miw={180}
        />
      </Group>
      <Textarea
        label="Update"
        description="Markdown. The public reads this: no internal names or details."
        withAsterisk
        autosize
        minRows={3}
        {...bindText(value.body, (body) => onChange({ ...value, body }))}
        error={errors.body}
      />
      <MarkdownPreview body={value.body} label="Public preview" />
      <Stack gap={6} role="group" aria-labelledby={affectedId}>
        <Text size="sm" fw={500} id={affectedId}>
          Affected components
        </Text>
        {errors.components !== undefined && (
          <Text size="sm" c="red.8" role="alert">
            {errors.components}
          </Text>
        )}
        {(components.data?.data ?? []).length === 0 && (
          <Text size="sm" c="gray.7">
            No components on the status page yet.
          </Text>
        )}
        {(components.data?.data ?? []).map((c) => {
          const chosen = value.components[c.id];
          return (
            <Group key={c.id} gap="sm" wrap="wrap" align="center">
              <Checkbox
                label={c.name}
                checked={chosen !== undefined}
                onChange={(e) => toggle(c.id, e.currentTarget.checked, c.status)}
                miw={140}
              />
              {chosen !== undefined && (
                <NativeSelect
                  aria-label={`New status of ${c.name}`}
                  size="xs"
                  {...bindChoice(COMPONENT_STATUSES, COMPONENT_STATUS_LABEL, chosen, (s) =>
                    onChange({ ...value, components: { ...value.components, [c.id]: s } }),
                  )}
                />
              )}
            </Group>
          );
        })}
      </Stack>
      <Checkbox
        label="Notify subscribers"
        description="By email and webhook, once"
        {...bindCheck(value.deliver, (deliver) => onChange({ ...value, deliver }))}
        error={errors.deliver_notifications}
      />
    </Stack>
  );
}
