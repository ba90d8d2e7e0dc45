import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useRole } from './data.ts';

/**
 * The frame of the status page admin (/status-page and below): its sections as links (a person
 * can bookmark or share each one) and the way to the public page itself, /status, which the
 * server renders for the world (part B) and which this app never draws.
 */
const SECTIONS: { to: string; label: string; admin?: true }[] = [
  { to: '/status-page', label: 'Components' },
  { to: '/status-page/incidents', label: 'Incidents' },
  { to: '/status-page/maintenance', label: 'Maintenance' },
  { to: '/status-page/templates', label: 'Templates', admin: true },
  { to: '/status-page/subscribers', label: 'Subscribers', admin: true },
  { to: '/status-page/settings', label: 'Settings', admin: true },
];

export function StatusPageLayout() {
  const { isAdmin } = useRole();
  const { pathname } = useLocation();
  // The deepest section the address is in: /status-page/incidents/spi_1 is under Incidents.
  const current = SECTIONS.filter((s) => pathname === s.to || pathname.startsWith(`${s.to}/`)).at(-1);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="baseline" gap="xs">
        <Title order={1}>Status page</Title>
        <Anchor href="/status" target="_blank" rel="noopener" size="sm">
          Open the public page
          <Text span size="sm" c="gray.7">
            {' '}
            (new tab)
          </Text>
        </Anchor>
      </Group>
      <Group component="nav" aria-label="Status page sections" gap={4}>
        {SECTIONS.filter((s) => s.admin !== true || isAdmin).map((s) => (
          <Button
            key={s.to}
            component={NavLink}
            to={s.to}
            end={s.to === '/status-page'}
            size="compact-md"
            variant={current?.to === s.to ? 'light' : 'subtle'}
            aria-current={current?.to === s.to ? 'page' : undefined}
          >
            {s.label}
          </Button>
        ))}
      </Group>
      <Outlet />
    </Stack>
  );
}
