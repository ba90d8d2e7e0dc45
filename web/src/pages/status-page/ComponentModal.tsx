import { Checkbox, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors } from '../../form-errors.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { useServices } from '../services/data.ts';
import { bindCheck, bindChoice, bindText } from './bind.tsx';
import { SP_NONE, useSpMutation } from './data.ts';
import { NameAndDescription } from './GroupModal.tsx';
import { COMPONENT_STATUS_LABEL, COMPONENT_STATUSES, type ComponentStatus } from './model.ts';
import type { StatusComponentView, StatusGroupView } from './views.ts';

const FIELDS = [
  'name',
  'description',
  'group_id',
  'service_id',
  'status',
  'showcase',
  'only_show_if_degraded',
] as const;

/**
 * A component added (POST /components) or edited (PATCH /components/:id). Linking it to a
 * service is what makes a public incident published from that service's incident preselect it.
 * The status is set here only when adding: afterwards the overview's status select changes it.
 */
export function ComponentModal({
  component,
  groups,
  onClose,
}: {
  /** Undefined: a new component. */
  component?: StatusComponentView;
  groups: StatusGroupView[];
  onClose: () => void;
}) {
  const services = useServices();
  const [name, setName] = useState(component?.name ?? '');
  const [description, setDescription] = useState(component?.description ?? '');
  const [groupId, setGroupId] = useState(component?.group_id ?? SP_NONE);
  const [serviceId, setServiceId] = useState(component?.service_id ?? SP_NONE);
  const [status, setStatus] = useState<ComponentStatus>('operational');
  const [showcase, setShowcase] = useState(component?.showcase ?? true);
  const [onlyDegraded, setOnlyDegraded] = useState(component?.only_show_if_degraded ?? false);
  const save = useSpMutation(() => {
    const body = {
      name,
      description,
      group_id: groupId === SP_NONE ? null : groupId,
      service_id: serviceId === SP_NONE ? null : serviceId,
      showcase,
      only_show_if_degraded: onlyDegraded,
    };
    return component === undefined
      ? ['POST', '/components', { ...body, status }]
      : ['PATCH', `/components/${encodeURIComponent(component.id)}`, body];
  });
  const { byField, other } = fieldErrors(save.error, FIELDS);
  return (
    <ActionModal
      opened
      title={component === undefined ? 'Add a component' : `Edit ${component.name}`}
      submitLabel={component === undefined ? 'Add component' : 'Save component'}
      onClose={onClose}
      onSubmit={() => save.mutate(undefined, { onSuccess: onClose })}
      pending={save.isPending}
      error={other}
    >
      <NameAndDescription
        nameLabel="Name"
        nameHint="As the public sees it, e.g. Checkout or API"
        name={name}
        description={description}
        onName={setName}
        onDescription={setDescription}
        errors={byField}
      />
      <NativeSelect
        label="Group"
        data={[{ value: SP_NONE, label: 'No group' }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
        {...bindText(groupId, setGroupId)}
        error={byField.group_id}
      />
      <NativeSelect
        label="Tocsin service"
        description="Its incidents preselect this component when published"
        data={[
          { value: SP_NONE, label: 'None (standalone)' },
          ...(services.data?.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        {...bindText(serviceId, setServiceId)}
        error={byField.service_id}
      />
      {component === undefined && (
        <NativeSelect
          label="Status"
          {...bindChoice(COMPONENT_STATUSES, COMPONENT_STATUS_LABEL, status, setStatus)}
          error={byField.status}
        />
      )}
      <Checkbox label="Show its uptime bars" {...bindCheck(showcase, setShowcase)} error={byField.showcase} />
      <Checkbox
        label="Show it only while it is not operational"
        {...bindCheck(onlyDegraded, setOnlyDegraded)}
        error={byField.only_show_if_degraded}
      />
    </ActionModal>
  );
}
