import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { NavLink, Outlet, useLocation, useSearchParams } from 'react-router';
import { useTeams } from '../SchedulesPage.tsx';
import { useServices } from '../services/data.ts';
import { period, type Report, takesFilter } from './data.ts';

/**
 * The frame of the insights (/insights and below): the reports as links, and the filters they
 * share, kept in the address so a report can be bookmarked and switching report keeps them.
 */
const SECTIONS: { to: string; report: Report; label: string }[] = [
  { to: '/insights', report: 'response', label: 'Response' },
  { to: '/insights/frequency', report: 'frequency', label: 'Frequency' },
  { to: '/insights/on-call-health', report: 'oncall-health', label: 'On-call health' },
  { to: '/insights/alert-quality', report: 'alert-quality', label: 'Alert quality' },
  { to: '/insights/process-health', report: 'process-health', label: 'Process health' },
];

const ANY = '';

export function InsightsLayout() {
  const { pathname } = useLocation();
  const [params, setParams] = useSearchParams();
  const current = SECTIONS.find((s) => s.to === pathname) ?? SECTIONS[0]!;
  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === ANY) next.delete(key);
        else next.set(key, value);
        // A service of another team would always show an empty report.
        if (key === 'team_id') next.delete('service_id');
        return next;
      },
      { replace: true },
    );
  const { from, to } = period(params);
  const teams = useTeams();
  const services = useServices();
  const team = params.get('team_id') ?? ANY;
  const teamServices = (services.data?.data ?? []).filter((s) => team === ANY || s.team_id === team);
  const takes = (key: string) => takesFilter(current.report, key);

  return (
    <Stack gap="md">
      <Title order={1}>Insights</Title>
      <Group component="nav" aria-label="Insights reports" gap={4}>
        {SECTIONS.map((s) => (
          <Button
            key={s.to}
            component={NavLink}
            to={{ pathname: s.to, search: params.toString() }}
            end
            size="compact-md"
            variant={current.to === s.to ? 'light' : 'subtle'}
            aria-current={current.to === s.to ? 'page' : undefined}
          >
            {s.label}
          </Button>
        ))}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm" role="group" aria-label="Filters">
        <TextInput
          label="From"
          type="date"
          value={from}
          max={to}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          label="To (included)"
          type="date"
          value={to}
          min={from}
          onChange={(e) => set('to', e.currentTarget.value)}
        />
        <NativeSelect
          label="Team"
          data={[
            { value: ANY, label: 'All teams' },
            ...(teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
          ]}
          value={team}
          onChange={(e) => set('team_id', e.currentTarget.value)}
        />
        {takes('service_id') && (
          <NativeSelect
            label="Service"
            data={[
              { value: ANY, label: 'All services' },
              ...teamServices.map((s) => ({ value: s.id, label: s.name })),
            ]}
            value={params.get('service_id') ?? ANY}
            onChange={(e) => set('service_id', e.currentTarget.value)}
          />
        )}
        {takes('severity') && (
          <NativeSelect
            label="Severity"
            data={[
              { value: ANY, label: 'All severities' },
              ...['SEV1', 'SEV2', 'SEV3', 'SEV4'].map((s) => ({ value: s, label: s })),
            ]}
            value={params.get('severity') ?? ANY}
            onChange={(e) => set('severity', e.currentTarget.value)}
          />
        )}
      </SimpleGrid>
      {current.report === 'oncall-health' && (
        <Text size="sm" c="gray.7">
          On-call health counts the pages sent to the team&apos;s members, whatever the service.
        </Text>
      )}
      <Outlet />
    </Stack>
  );
}
