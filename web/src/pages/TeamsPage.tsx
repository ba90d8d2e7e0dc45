import { Accordion, Button, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { QueryState } from '../components/QueryState.tsx';
import { fieldErrors } from '../form-errors.ts';
import { useMe } from '../session.tsx';
import type { Page, TeamMemberRole, TeamMemberView, TeamView } from '../types.ts';
import { choosable, usePeople } from './policies/directory.ts';
import { FormCard, ListTable, Problem } from './profile/parts.tsx';
import { useTeams } from './SchedulesPage.tsx';
import { ActionModal } from './incident/ActionModal.tsx';
import { InsightDigests } from './teams/InsightDigests.tsx';
import { DeleteTeam, EditTeam, RemoveMemberText, TEAMS_KEY, TeamFields } from './teams/TeamSettings.tsx';

const TEAM_ROLES: { value: TeamMemberRole; label: string }[] = [
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager (edits the team’s schedules and policies)' },
];

/** The queries a team change touches: the team list (with member counts, TEAMS_KEY) and its members. */
const membersKey = (teamId: string) => ['people', 'team', teamId, 'members'];

/**
 * Teams and who is on them. Everyone may look; admins create, rename and delete teams, add and
 * remove members and set their team role; removing and deleting say first what else changes;
 * admins and a team's managers choose where its weekly insights digest goes. A team's members
 * load when its panel is opened.
 */
export function TeamsPage() {
  const me = useMe();
  const admin = me.data?.user.role === 'admin';
  const teams = useTeams();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack>
      <Title order={1}>Teams</Title>
      <QueryState query={teams} what="the teams" />
      {teams.data && teams.data.data.length === 0 && <Text>No teams yet.</Text>}
      {teams.data && teams.data.data.length > 0 && (
        <Accordion variant="separated" value={open} onChange={setOpen}>
          {teams.data.data.map((t) => (
            <Accordion.Item key={t.id} value={t.id}>
              <Accordion.Control>
                {t.name}{' '}
                <Text span size="sm" c="gray.7">
                  · {t.member_count} {t.member_count === 1 ? 'member' : 'members'}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                {open === t.id && <Members team={t} admin={admin} onDeleted={() => setOpen(null)} />}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
      {admin && <CreateTeam onCreated={setOpen} />}
    </Stack>
  );
}

function Members({ team, admin, onDeleted }: { team: TeamView; admin: boolean; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: membersKey(team.id),
    queryFn: () => api<Page<TeamMemberView>>('GET', `/teams/${team.id}/members?limit=500`),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: membersKey(team.id) });
    await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
  };
  const setRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TeamMemberRole }) =>
      api('PATCH', `/teams/${team.id}/members/${userId}`, { role }),
    onSettled: refresh,
  });
  const [removing, setRemoving] = useState<TeamMemberView | undefined>();
  const remove = useMutation({
    mutationFn: (userId: string) => api('DELETE', `/teams/${team.id}/members/${userId}`),
    onSuccess: () => setRemoving(undefined),
    onSettled: refresh,
  });
  return (
    <Stack gap="sm">
      {team.description !== '' && <Text size="sm">{team.description}</Text>}
      <QueryState query={members} what="the members" />
      <Problem title="Could not change the member" error={setRole.error} />
      {members.data && members.data.data.length === 0 && <Text size="sm">Nobody is on this team yet.</Text>}
      {members.data && members.data.data.length > 0 && (
        <ListTable
          label={`Members of ${team.name}`}
          headers={admin ? ['Name', 'Team role', 'Remove'] : ['Name', 'Team role']}
        >
          {members.data.data.map((m) => (
            <Table.Tr key={m.user_id}>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>
                {admin ? (
                  <NativeSelect
                    aria-label={`Team role of ${m.name}`}
                    value={m.role}
                    data={TEAM_ROLES}
                    onChange={(e) =>
                      setRole.mutate({ userId: m.user_id, role: e.currentTarget.value as TeamMemberRole })
                    }
                  />
                ) : (
                  m.role
                )}
              </Table.Td>
              {admin && (
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    color="red"
                    aria-label={`Remove ${m.name} from ${team.name}`}
                    onClick={() => setRemoving(m)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </ListTable>
      )}
      {removing !== undefined && (
        <ActionModal
          title={`Remove ${removing.name} from ${team.name}?`}
          opened
          onClose={() => {
            setRemoving(undefined);
            remove.reset();
          }}
          onSubmit={() => remove.mutate(removing.user_id)}
          submitLabel="Remove from team"
          pending={remove.isPending}
          error={remove.error?.message}
        >
          <RemoveMemberText team={team} member={removing} />
        </ActionModal>
      )}
      {admin && <AddMember team={team} members={members.data?.data ?? []} onDone={refresh} />}
      <InsightDigests team={team} />
      {admin && <EditTeam key={`${team.name}\n${team.description}`} team={team} />}
      {admin && <DeleteTeam team={team} onDeleted={onDeleted} />}
    </Stack>
  );
}

function AddMember({
  team,
  members,
  onDone,
}: {
  team: TeamView;
  members: TeamMemberView[];
  onDone: () => Promise<void>;
}) {
  const people = usePeople();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamMemberRole>('member');
  const add = useMutation({
    mutationFn: () => api('POST', `/teams/${team.id}/members`, { user_id: userId, role }),
    onSuccess: async () => {
      setUserId('');
      await onDone();
    },
  });
  const { byField, other } = fieldErrors(add.error, ['user_id', 'role'] as const);
  const on = new Set(members.map((m) => m.user_id));
  const candidates = choosable(people.data?.data).filter((u) => !on.has(u.id));
  return (
    <FormCard
      label={`Add a member to ${team.name}`}
      title="Add a member"
      problemTitle="Could not add the member"
      problem={other}
      submitLabel="Add member"
      pending={add.isPending}
      onSubmit={() => add.mutate()}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <NativeSelect
          label="Person"
          value={userId}
          error={byField.user_id}
          data={[
            { value: '', label: 'Choose…' },
            ...candidates.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
          ]}
          onChange={(e) => setUserId(e.currentTarget.value)}
        />
        <NativeSelect
          label="Team role"
          value={role}
          data={TEAM_ROLES}
          error={byField.role}
          onChange={(e) => setRole(e.currentTarget.value as TeamMemberRole)}
        />
      </SimpleGrid>
    </FormCard>
  );
}

function CreateTeam({ onCreated }: { onCreated: (id: string) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation({
    mutationFn: () => api<TeamView>('POST', '/teams', { name, description }),
    onSuccess: async (team) => {
      setName('');
      setDescription('');
      await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
      onCreated(team.id);
    },
  });
  const { byField, other } = fieldErrors(create.error, ['name', 'description'] as const);
  return (
    <FormCard
      label="Create a team"
      title="Create a team"
      problemTitle="Could not create the team"
      problem={other}
      submitLabel="Create team"
      pending={create.isPending}
      onSubmit={() => create.mutate()}
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
