import { Alert, Button, Group, Menu } from '@mantine/core';
import { useState } from 'react';
import type { IncidentClassification, IncidentView } from '../../types.ts';
import { ResolveClassification } from './Classification.tsx';
import { incidentPath, useIncidentAction } from './data.ts';
import {
  CloseModal,
  EscalateModal,
  MergeModal,
  type ModalName,
  ReassignModal,
  SeverityModal,
  SnoozeModal,
} from './Modals.tsx';

type Lifecycle = 'acknowledge' | 'mitigate' | 'resolve' | 'reopen';

/**
 * Which one-tap actions an incident offers in each status, the most likely next step first (it
 * is the big button a phone shows at the top). The API is the judge: a refused action is a 409
 * the page explains; this only keeps buttons that cannot work off the screen.
 */
const NEXT: Record<IncidentView['status'], Lifecycle[]> = {
  triggered: ['acknowledge', 'mitigate', 'resolve'],
  acknowledged: ['mitigate', 'resolve'],
  mitigated: ['resolve', 'reopen'],
  resolved: ['reopen'],
  closed: ['reopen'],
};

const LABEL: Record<Lifecycle, string> = {
  acknowledge: 'Acknowledge',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  reopen: 'Reopen',
};

const MODALS = {
  snooze: SnoozeModal,
  severity: SeverityModal,
  escalate: EscalateModal,
  reassign: ReassignModal,
  merge: MergeModal,
  close: CloseModal,
} as const;

/** The actions of a responder (viewers never get this component). */
export function Actions({ incident, refKey }: { incident: IncidentView; refKey: string }) {
  const [modal, setModal] = useState<ModalName | null>(null);
  // Resolve stays one tap: the verdict is asked beside it and sent with it only when given.
  const [verdict, setVerdict] = useState<IncidentClassification | ''>(incident.classification ?? '');
  const act = useIncidentAction(refKey, (a: Lifecycle) => [
    'POST',
    `${incidentPath(refKey)}/${a}`,
    a === 'resolve' && verdict !== '' ? { classification: verdict } : undefined,
  ]);
  const merged = incident.merged_into_id !== null;
  const buttons = merged ? [] : NEXT[incident.status];
  const active = incident.status === 'triggered' || incident.status === 'acknowledged';
  const items: [ModalName, string, boolean][] = [
    ['escalate', 'Escalate now…', active],
    ['reassign', 'Reassign…', active],
    ['snooze', 'Snooze…', incident.status === 'acknowledged'],
    ['severity', 'Change severity…', incident.status !== 'closed'],
    ['merge', 'Merge into another incident…', !merged && incident.status !== 'closed'],
    ['close', 'Close…', incident.status === 'resolved'],
  ];
  const shown = items.filter(([, , ok]) => ok);

  return (
    <>
      <Group gap="xs">
        {buttons.map((a, n) => (
          <Button
            key={a}
            size="md"
            variant={n === 0 ? 'filled' : 'default'}
            loading={act.isPending && act.variables === a}
            disabled={act.isPending}
            onClick={() => act.mutate(a)}
          >
            {LABEL[a]}
          </Button>
        ))}
        {shown.length > 0 && (
          <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
            <Menu.Target>
              <Button size="md" variant="default">
                More actions
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {shown.map(([name, label]) => (
                <Menu.Item key={name} onClick={() => setModal(name)}>
                  {label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {buttons.includes('resolve') && (
        <ResolveClassification value={verdict} onChange={setVerdict} disabled={act.isPending} />
      )}
      {(act.conflict !== null || act.isError) && (
        <Alert
          color="red"
          role="alert"
          title={act.conflict !== null ? 'Someone acted first' : 'The action failed'}
        >
          {act.conflict ?? act.error?.message}
        </Alert>
      )}
      {Object.entries(MODALS).map(([name, M]) => (
        <M
          key={name}
          incident={incident}
          refKey={refKey}
          opened={modal === name}
          onClose={() => setModal(null)}
        />
      ))}
    </>
  );
}
