import { Anchor, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import type { IncidentView, PostmortemView, SeverityView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useList } from '../incident/data.ts';
import { defaultTemplate, pmPath, useIncidentPostmortem, usePostmortemTemplates } from './data.ts';
import { DueDate, PostmortemBadge } from './PostmortemBadge.tsx';

interface Props {
  incident: IncidentView;
  /** What the page's URL holds (an id or INC-42): the incident's query keys use it. */
  refKey: string;
  canAct: boolean;
  admin: boolean;
}

/**
 * The incident's postmortem on its page: the one it has (status, owner, due date, a link), or
 * the way to start one from a template; when its severity requires one, admins may waive it
 * with a reason (which goes on the timeline and lets the incident close).
 */
export function PostmortemPanel({ incident, refKey, canAct, admin }: Props) {
  const pm = useIncidentPostmortem(refKey);
  const severities = useList<SeverityView>('severities', '/severities');
  const [modal, setModal] = useState<'start' | 'waive' | null>(null);
  if (pm.isPending || pm.isError) return null;
  const required = severities.data?.data.find((s) => s.name === incident.severity)?.postmortem_required;
  const waived = incident.postmortem_waived_reason;
  const p = pm.data;
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="postmortem-panel">
      <Group gap="xs" justify="space-between">
        <Group gap="xs">
          <Text fw={600} id="postmortem-panel">
            Postmortem
          </Text>
          {p === null ? (
            <Text size="sm">
              {required === true ? `Required for ${incident.severity}; none yet` : 'None yet'}
            </Text>
          ) : (
            <>
              <Anchor component={Link} to={pmPath(p.id)} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {p.title}
              </Anchor>
              <PostmortemBadge status={p.status} />
              <Text size="sm">Owner: {p.owner?.name ?? 'nobody'}</Text>
              <DueDate pm={p} />
            </>
          )}
        </Group>
        <Group gap="xs">
          {canAct && p === null && incident.merged_into_id === null && (
            <Button variant="default" onClick={() => setModal('start')}>
              Start postmortem
            </Button>
          )}
          {p !== null && (
            <Button variant="default" component={Link} to={pmPath(p.id)}>
              Open postmortem
            </Button>
          )}
          {admin && required === true && p?.status !== 'published' && waived === null && (
            <Button variant="default" onClick={() => setModal('waive')}>
              Waive…
            </Button>
          )}
        </Group>
      </Group>
      {waived !== null && (
        <Text size="sm" mt="xs">
          Waived by {incident.postmortem_waived_by?.name ?? 'an admin'}: {waived}
        </Text>
      )}
      {modal === 'start' && <StartModal incident={incident} onClose={() => setModal(null)} />}
      {modal === 'waive' && <WaiveModal incident={incident} onClose={() => setModal(null)} />}
    </Paper>
  );
}

function StartModal({ incident, onClose }: { incident: IncidentView; onClose: () => void }) {
  const templates = usePostmortemTemplates();
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<string | null>(null);
  const fallback = defaultTemplate(templates.data?.data ?? [], incident.severity)?.id ?? null;
  const templateId = chosen ?? fallback;
  const start = useMutation({
    mutationFn: () =>
      api<PostmortemView>('POST', '/postmortems', {
        incident_id: incident.id,
        ...(templateId === null ? {} : { template_id: templateId }),
      }),
    onSuccess: (pm) => void navigate(pmPath(pm.id)),
  });
  const errors = fieldErrors(start.error, ['template_id']);
  return (
    <ActionModal
      title="Start the postmortem"
      submitLabel="Start postmortem"
      opened
      onClose={onClose}
      onSubmit={() => start.mutate()}
      pending={start.isPending}
      error={errors.other}
    >
      <Text size="sm">
        The draft is written from the incident: its key events as a timeline table, the durations, the people
        involved and the linked alerts. Editing it never changes the incident&apos;s own timeline.
      </Text>
      <Select
        label="Template"
        description={`Defaults to the template for ${incident.severity}`}
        data={(templates.data?.data ?? []).map((t) => ({
          value: t.id,
          label: `${t.name}${t.severity === null ? '' : ` (${t.severity})`}`,
        }))}
        value={templateId}
        onChange={setChosen}
        error={errors.byField.template_id}
        allowDeselect={false}
        data-autofocus
      />
    </ActionModal>
  );
}

function WaiveModal({ incident, onClose }: { incident: IncidentView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const waive = useMutation({
    mutationFn: () =>
      api<IncidentView>('POST', `/incidents/${encodeURIComponent(incident.id)}/postmortem/waive`, { reason }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['incident'] });
      onClose();
    },
  });
  const errors = fieldErrors(waive.error, ['reason'], 'reason');
  return (
    <ActionModal
      title="Waive the postmortem"
      submitLabel="Waive postmortem"
      opened
      onClose={onClose}
      onSubmit={() => waive.mutate()}
      pending={waive.isPending}
      error={errors.other}
    >
      <Stack gap="xs">
        <Text size="sm">
          {incident.severity} incidents need a published postmortem before they close. Waiving lets{' '}
          {incident.ref} close without one; the reason goes on its timeline.
        </Text>
        <Textarea
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.byField.reason}
          autosize
          minRows={3}
          data-autofocus
        />
      </Stack>
    </ActionModal>
  );
}
