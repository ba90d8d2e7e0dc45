import { Button, Group, List, Loader, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { fieldErrors } from '../../form-errors.ts';
import type { TeamMemberView, TeamView } from '../../types.ts';
import { ActionModal } from '../incident/ActionModal.tsx';
import { names } from '../people/names.ts';
import { FormCard } from '../profile/parts.tsx';
import { useTeamImpact } from './impact.ts';

/** The team list's query (with member counts): a rename or delete refreshes it. */
export const TEAMS_KEY = ['schedules', 'teams'];

/** A team's name and description, as the create and edit forms both ask for them. */
export function TeamFields({
  value,
  byField,
  onChange,
}: {
  value: { name: string; description: string };
  byField: { name?: string; description?: string };
  onChange: (v: { name: string; description: string }) => void;
}) {
  return (
    <>
      <TextInput
        label="Team name"
        required
        value={value.name}
        error={byField.name}
        onChange={(e) => onChange({ ...value, name: e.currentTarget.value })}
      />
      <Textarea
        label="Description (optional)"
        value={value.description}
        error={byField.description}
        onChange={(e) => onChange({ ...value, description: e.currentTarget.value })}
      />
    </>
  );
}

/** An admin renames the team or changes its description; typed values stay after a refused save. */
export function EditTeam({ team }: { team: TeamView }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description);
  const save = useMutation({
    mutationFn: () => api<TeamView>('PATCH', `/teams/${team.id}`, { name, description }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TEAMS_KEY }),
  });
  const { byField, other } = fieldErrors(save.error, ['name', 'description'] as const);
  return (
    <FormCard
      label={`Edit ${team.name}`}
      title="Name and description"
      problemTitle="Could not save the team"
      problem={other}
      submitLabel="Save team"
      pending={save.isPending}
      onSubmit={() => save.mutate()}
    >
      <TeamFields
        value={{ name, description }}
        byField={byField}
        onChange={(v) => {
          setName(v.name);
          setDescription(v.description);
        }}
      />
    </FormCard>
  );
}

/**
 * Deleting a team, after saying what changes: its memberships end, policies that page the team
 * lose that target, and services or schedules it still owns must move first (the API's 409 says
 * so too, and shows here if they were added since).
 */
export function DeleteTeam({ team, onDeleted }: { team: TeamView; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const impact = useTeamImpact(team.id, open);
  const remove = useMutation({
    mutationFn: () => api('DELETE', `/teams/${team.id}`),
    onSuccess: async () => {
      setOpen(false);
      onDeleted();
      await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
    },
  });
  const owns = impact.data ? [...impact.data.services, ...impact.data.schedules] : [];
  return (
    <Group>
      <Button variant="default" color="red" onClick={() => setOpen(true)}>
        Delete team
      </Button>
      <ActionModal
        title={`Delete ${team.name}?`}
        opened={open}
        onClose={() => {
          setOpen(false);
          remove.reset();
        }}
        onSubmit={() => remove.mutate()}
        submitLabel="Delete team"
        pending={remove.isPending}
        error={remove.error?.message}
      >
        {impact.isPending && <Loader size="sm" aria-label="Loading what the team is used by" />}
        {impact.isError && <Text size="sm">Could not load what uses the team: {impact.error.message}</Text>}
        <List size="sm">
          <List.Item>
            Its {team.member_count} {team.member_count === 1 ? 'membership ends' : 'memberships end'}; the
            people stay.
          </List.Item>
          {impact.data && impact.data.pagingPolicies.length > 0 && (
            <List.Item>
              {impact.data.pagingPolicies.length === 1 ? 'Policy' : 'Policies'}{' '}
              {names(impact.data.pagingPolicies)} page this team: that target pages nobody afterwards.
            </List.Item>
          )}
          {owns.length > 0 && (
            <List.Item>
              It still owns {names(owns)}: move them to another team or delete them first, or this is refused.
            </List.Item>
          )}
        </List>
      </ActionModal>
    </Group>
  );
}

/** What removing one member changes: the team's policies stop paging them; a manager loses editing. */
export function RemoveMemberText({ team, member }: { team: TeamView; member: TeamMemberView }) {
  const impact = useTeamImpact(team.id, true);
  return (
    <List size="sm">
      {impact.isPending && <Loader size="sm" aria-label="Loading the policies that page the team" />}
      {impact.data && (
        <List.Item>
          {impact.data.pagingPolicies.length === 0
            ? `No escalation policy pages ${team.name}, so nobody’s paging changes.`
            : `${names(impact.data.pagingPolicies)} ${impact.data.pagingPolicies.length === 1 ? 'pages' : 'page'} ${team.name}: ${member.name} is no longer paged through it.`}
        </List.Item>
      )}
      {member.role === 'manager' && (
        <List.Item>
          They stop being a manager: they can no longer edit the team’s schedules and policies.
        </List.Item>
      )}
      <List.Item>
        Their place in the team’s schedule rotations stays; edit the schedule to change it.
      </List.Item>
    </List>
  );
}
