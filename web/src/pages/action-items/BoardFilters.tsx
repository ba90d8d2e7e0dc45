import { Checkbox, Group, NativeSelect, Select } from '@mantine/core';
import { choosable, usePeople } from '../policies/directory.ts';
import { useTeams } from '../SchedulesPage.tsx';
import { useServices } from '../services/data.ts';

/** The board's filters: the list API's own parameters, kept in the page's URL under the same names. */
export const BOARD_FILTERS = ['team', 'owner', 'service', 'overdue'] as const;
type Filter = (typeof BOARD_FILTERS)[number];

const ANY = '';

/** The filters of the URL as the list's query string (empty values left out). */
export function boardQuery(params: URLSearchParams): URLSearchParams {
  const q = new URLSearchParams();
  for (const key of BOARD_FILTERS) {
    const v = params.get(key);
    if (v !== null && v !== ANY) q.set(key, v);
  }
  return q;
}

export function BoardFilters({
  params,
  onChange,
}: {
  params: URLSearchParams;
  onChange: (key: Filter, value: string) => void;
}) {
  const teams = useTeams();
  const services = useServices();
  const people = usePeople();
  const team = params.get('team') ?? ANY;
  // With a team chosen, only its services: another's would always show an empty board.
  const teamServices = (services.data?.data ?? []).filter((s) => team === ANY || s.team_id === team);
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <NativeSelect
        label="Team"
        data={[
          { value: ANY, label: 'All teams' },
          ...(teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        ]}
        value={team}
        onChange={(e) => onChange('team', e.currentTarget.value)}
        miw={180}
      />
      <Select
        label="Owner"
        searchable
        data={[
          { value: 'me', label: 'Me' },
          ...choosable(people.data?.data).map((u) => ({ value: u.id, label: u.name })),
        ]}
        placeholder="Anyone"
        clearable
        value={params.get('owner')}
        onChange={(v) => onChange('owner', v ?? ANY)}
        miw={180}
      />
      <NativeSelect
        label="Service"
        data={[
          { value: ANY, label: 'Any service' },
          ...teamServices.map((s) => ({ value: s.id, label: s.name })),
        ]}
        value={params.get('service') ?? ANY}
        onChange={(e) => onChange('service', e.currentTarget.value)}
        miw={180}
      />
      <Checkbox
        label="Only overdue"
        checked={params.get('overdue') === 'true'}
        onChange={(e) => onChange('overdue', e.currentTarget.checked ? 'true' : ANY)}
        mb={8}
      />
    </Group>
  );
}
