import {
  Alert,
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Text,
  VisuallyHidden,
  em,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { NavLink as RouterLink, Outlet, useNavigate } from 'react-router';
import { api } from './api.ts';
import { useLive } from './live.tsx';
import { useMe } from './session.tsx';

/**
 * The pages' frame: a header, and navigation that folds behind a menu button on a phone. The
 * navigation is grouped the way people use it: responding, who is on call, learning from past
 * incidents (insights), setting Tocsin up, and settings. Pages marked `admin` are listed for
 * admins only (the API refuses everyone else anyway); a group left empty is not shown.
 */
interface NavPage {
  to: string;
  label: string;
  admin?: true;
}
const GROUPS: { label: string; pages: NavPage[] }[] = [
  {
    label: 'Respond',
    pages: [
      { to: '/now', label: 'Now' },
      { to: '/incidents', label: 'Incidents' },
      { to: '/alerts', label: 'Alerts' },
      { to: '/action-items', label: 'Action items' },
      { to: '/silences', label: 'Silences' },
      { to: '/maintenance-windows', label: 'Maintenance windows' },
      { to: '/status-page', label: 'Status page' },
      { to: '/postmortems', label: 'Postmortems' },
      { to: '/runbooks', label: 'Runbooks' },
      { to: '/slos', label: 'SLOs' },
    ],
  },
  {
    label: 'On call',
    pages: [
      { to: '/schedules', label: 'Schedules' },
      { to: '/escalation-policies', label: 'Escalation policies' },
    ],
  },
  { label: 'Learn', pages: [{ to: '/insights', label: 'Insights' }] },
  {
    label: 'Set up',
    pages: [
      { to: '/getting-started', label: 'Getting started', admin: true },
      { to: '/services', label: 'Services' },
      { to: '/teams', label: 'Teams' },
      { to: '/users', label: 'People' },
    ],
  },
  {
    label: 'Settings',
    pages: [
      { to: '/settings/severities', label: 'Severities', admin: true },
      { to: '/settings/roles', label: 'Incident roles', admin: true },
      { to: '/settings/throttle', label: 'Notification throttle', admin: true },
      { to: '/settings/ticket-trackers', label: 'Ticket trackers', admin: true },
      { to: '/settings/runbook-secrets', label: 'Runbook secrets', admin: true },
      { to: '/settings/audit', label: 'Audit log', admin: true },
      { to: '/settings/config', label: 'Configuration', admin: true },
    ],
  },
  { label: 'You', pages: [{ to: '/profile', label: 'My profile' }] },
];

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  // Below the `sm` breakpoint (48em) the navigation slides off-screen when closed; inert keeps
  // keyboard focus and screen readers out of it then.
  const phone = useMediaQuery(`(max-width: ${em(767.98)})`) ?? false;
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const live = useLive();

  const logout = async () => {
    await api('POST', '/auth/logout').catch(() => undefined);
    queryClient.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Text fw={700} size="lg">
              Tocsin
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {me.data && (
              <Text size="sm" visibleFrom="xs">
                {me.data.user.name}
                <VisuallyHidden> ({me.data.user.role})</VisuallyHidden>
              </Text>
            )}
            <Button variant="default" size="xs" onClick={() => void logout()}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main" inert={phone && !opened}>
        <AppShell.Section grow component={ScrollArea} scrollbars="y">
          {GROUPS.map((g) => {
            const pages = g.pages.filter((p) => p.admin !== true || me.data?.user.role === 'admin');
            if (pages.length === 0) return null;
            return (
              <div key={g.label} role="group" aria-label={g.label}>
                <Text size="xs" fw={700} c="gray.7" tt="uppercase" px="sm" pt="sm" pb={4}>
                  {g.label}
                </Text>
                {pages.map((p) => (
                  <NavLink key={p.to} component={RouterLink} to={p.to} label={p.label} onClick={close} />
                ))}
              </div>
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {live === 'lost' && (
          <Alert color="orange" mb="md" role="status" title="Connection lost">
            Changes are not arriving. Tocsin keeps trying to reconnect; what you type is kept.
          </Alert>
        )}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
