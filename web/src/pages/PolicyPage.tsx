import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { errorFor, fieldError } from '../form-errors.ts';
import { useManagesTeam } from '../team-access.tsx';
import type { EscalationPolicyView } from '../types.ts';
import { useDirectory } from './policies/directory.ts';
import { LevelsEditor } from './policies/LevelsEditor.tsx';
import { blankPolicy, fromView, type PolicyFields, toInput } from './policies/model.ts';
import { PolicyView } from './policies/PolicyView.tsx';
import { Problem } from './profile/parts.tsx';

/** The fields of the form a 400 can name; anything else shows above the buttons. */
const FIELDS = ['name', 'description', 'team_id', 'repeat_count', 'ack_timeout_minutes', 'levels'];

/**
 * One escalation policy (`/escalation-policies/:id`, or `new`): who it pages, level by level,
 * the services that use it, and for those who may change it (admins, managers of its team) the
 * editor. A failed save keeps the form as typed; deleting a policy that services use is refused
 * by the API, and the page lists those services.
 */
export function PolicyPage() {
  const id = useParams().id ?? 'new';
  // A new policy, once saved, moves to its own address: a fresh page there, no longer editing.
  return <Policy key={id} id={id} />;
}

function Policy({ id }: { id: string }) {
  const isNew = id === 'new';
  const policy = useQuery({
    queryKey: ['policies', id],
    queryFn: () => api<EscalationPolicyView>('GET', `/escalation-policies/${encodeURIComponent(id)}`),
    enabled: !isNew,
  });
  const canEdit = useManagesTeam(isNew ? null : (policy.data?.team_id ?? null)) === true;
  const [editing, setEditing] = useState(isNew);

  if (!isNew && !policy.data) return <QueryState query={policy} what="the escalation policy" />;
  const title = isNew ? 'New escalation policy' : policy.data!.name;
  return (
    <Stack>
      <Anchor component={Link} to="/escalation-policies" size="sm">
        All escalation policies
      </Anchor>
      <Title order={1}>{title}</Title>
      {editing && canEdit ? (
        <PolicyForm policy={policy.data} onDone={() => setEditing(false)} />
      ) : (
        policy.data && (
          <>
            {canEdit && (
              <Group>
                <Button onClick={() => setEditing(true)}>Edit policy</Button>
              </Group>
            )}
            <PolicyView policy={policy.data} />
            {canEdit && <DeletePolicy policy={policy.data} />}
          </>
        )
      )}
    </Stack>
  );
}

function PolicyForm({ policy, onDone }: { policy: EscalationPolicyView | undefined; onDone: () => void }) {
  const [fields, setFields] = useState<PolicyFields>(() =>
    policy === undefined ? blankPolicy() : fromView(policy),
  );
  const dir = useDirectory();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const save = useMutation({
    mutationFn: () =>
      policy === undefined
        ? api<EscalationPolicyView>('POST', '/escalation-policies', toInput(fields))
        : api<EscalationPolicyView>('PATCH', `/escalation-policies/${policy.id}`, toInput(fields)),
    onSuccess: (saved) => {
      queryClient.setQueryData(['policies', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['policies', 'list'] });
      if (policy === undefined) void navigate(`/escalation-policies/${saved.id}`, { replace: true });
      else onDone();
    },
  });
  const err = fieldError(save.error);
  // A message about the list of levels as a whole (not one level) has no control to sit by.
  const atField =
    err !== undefined && FIELDS.includes(err.field) && (err.field !== 'levels' || err.index !== undefined);
  const other = save.error !== null && !atField;
  const set = (patch: Partial<PolicyFields>) => setFields({ ...fields, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} aria-label="Escalation policy">
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          value={fields.name}
          error={errorFor(err, 'name')}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <Textarea
          label="Description (optional)"
          value={fields.description}
          error={errorFor(err, 'description')}
          onChange={(e) => set({ description: e.currentTarget.value })}
        />
        <NativeSelect
          label="Owning team"
          value={fields.teamId}
          error={errorFor(err, 'team_id')}
          data={[
            { value: '', label: 'No team (admins only)' },
            ...(dir.teams.data?.data.map((t) => ({ value: t.id, label: t.name })) ?? []),
          ]}
          onChange={(e) => set({ teamId: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label="Repeat the whole policy (extra rounds, 0–9)"
            inputMode="numeric"
            value={fields.repeat}
            error={errorFor(err, 'repeat_count')}
            onChange={(e) => set({ repeat: e.currentTarget.value })}
          />
          <TextInput
            label="Escalate again if acknowledged but unresolved after (minutes, optional)"
            inputMode="numeric"
            value={fields.ackTimeout}
            error={errorFor(err, 'ack_timeout_minutes')}
            onChange={(e) => set({ ackTimeout: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Title order={2} size="h3">
          Levels
        </Title>
        <LevelsEditor levels={fields.levels} onChange={(levels) => set({ levels })} dir={dir} error={err} />
        <Problem title="Could not save the policy" error={other ? save.error : null} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save policy
          </Button>
          <Button
            variant="default"
            onClick={() => (policy === undefined ? void navigate('/escalation-policies') : onDone())}
          >
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Deleting asks first; the API refuses (409) while services use the policy, and the page then
 * lists them, as links to move each to another policy.
 */
function DeletePolicy({ policy }: { policy: EscalationPolicyView }) {
  const [asking, setAsking] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/escalation-policies/${policy.id}`),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ['policies', policy.id] });
      void queryClient.invalidateQueries({ queryKey: ['policies', 'list'] });
      void navigate('/escalation-policies');
    },
    // A 409 means the list of services changed since the page loaded: show the current one.
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409)
        void queryClient.invalidateQueries({ queryKey: ['policies', policy.id] });
    },
  });
  const refused = remove.error instanceof ApiError && remove.error.status === 409;
  return (
    <Stack gap="xs">
      {remove.error !== null && (
        <Alert color="red" role="alert" title="Could not delete the policy">
          <Text size="sm">{remove.error.message}</Text>
          {refused && policy.services.length > 0 && (
            <List size="sm" aria-label="Services using this policy">
              {policy.services.map((s) => (
                <List.Item key={s.id}>
                  <Anchor component={Link} to={`/services/${s.id}`}>
                    {s.name}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {asking ? (
        <Group>
          <Text size="sm">Delete “{policy.name}”? Its levels go with it.</Text>
          <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Yes, delete
          </Button>
          <Button variant="default" onClick={() => setAsking(false)}>
            Keep it
          </Button>
        </Group>
      ) : (
        <Group>
          <Button variant="default" color="red" onClick={() => setAsking(true)}>
            Delete policy
          </Button>
        </Group>
      )}
    </Stack>
  );
}
