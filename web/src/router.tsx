import { createBrowserRouter, Navigate } from 'react-router';
import { LiveProvider } from './live.tsx';
import { IncidentPage } from './pages/IncidentPage.tsx';
import { IncidentsPage, incidentListQuery } from './pages/IncidentsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NowPage } from './pages/NowPage.tsx';
import { Home } from './pages/getting-started/Home.tsx';
import { queryClient } from './query-client.ts';
import { meQuery, RequireSession } from './session.tsx';
import { Shell } from './Shell.tsx';

/**
 * Every page of the app. The server sends index.html for any of these paths (src/web/), so a
 * link from a page or email (/incidents/INC-42, src/platform/http/page-urls.ts) opens here.
 *
 * The pages a responder lands on (Now, the incidents, an incident) are in the first script; the
 * rest load when first opened, which keeps the first script small. Loaders start a page's
 * first requests together with "who is signed in", instead of after it: they only prefetch into
 * the cache and never wait, so a failed request is the page's to show.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/invite/:token',
    lazy: async () => ({ Component: (await import('./pages/InvitePage.tsx')).InvitePage }),
  },
  {
    element: (
      <RequireSession>
        <LiveProvider>
          <Shell />
        </LiveProvider>
      </RequireSession>
    ),
    loader: () => {
      void queryClient.prefetchQuery(meQuery);
      return null;
    },
    HydrateFallback: () => null,
    children: [
      { index: true, element: <Home /> },
      { path: 'now', element: <NowPage /> },
      {
        path: 'incidents',
        element: <IncidentsPage />,
        loader: ({ request }) => {
          void queryClient.prefetchQuery(incidentListQuery(new URL(request.url).searchParams));
          return null;
        },
      },
      { path: 'incidents/:ref', element: <IncidentPage /> },
      {
        path: 'profile',
        lazy: async () => ({ Component: (await import('./pages/ProfilePage.tsx')).ProfilePage }),
      },
      {
        path: 'alerts',
        lazy: async () => ({ Component: (await import('./pages/AlertsPage.tsx')).AlertsPage }),
      },
      {
        path: 'action-items',
        lazy: async () => ({ Component: (await import('./pages/action-items/BoardPage.tsx')).BoardPage }),
      },
      {
        path: 'alerts/:id',
        lazy: async () => ({ Component: (await import('./pages/AlertPage.tsx')).AlertPage }),
      },
      {
        path: 'schedules',
        lazy: async () => ({ Component: (await import('./pages/SchedulesPage.tsx')).SchedulesPage }),
      },
      {
        path: 'schedules/new',
        lazy: async () => ({ Component: (await import('./pages/ScheduleEditPage.tsx')).ScheduleEditPage }),
      },
      {
        path: 'schedules/:id/edit',
        lazy: async () => ({ Component: (await import('./pages/ScheduleEditPage.tsx')).ScheduleEditPage }),
      },
      {
        path: 'schedules/:id',
        lazy: async () => ({ Component: (await import('./pages/SchedulePage.tsx')).SchedulePage }),
      },
      {
        path: 'services',
        lazy: async () => ({ Component: (await import('./pages/ServicesPage.tsx')).ServicesPage }),
      },
      {
        path: 'services/:id',
        lazy: async () => ({ Component: (await import('./pages/ServicePage.tsx')).ServicePage }),
      },
      {
        path: 'escalation-policies',
        lazy: async () => ({ Component: (await import('./pages/PoliciesPage.tsx')).PoliciesPage }),
      },
      {
        path: 'escalation-policies/:id',
        lazy: async () => ({ Component: (await import('./pages/PolicyPage.tsx')).PolicyPage }),
      },
      {
        path: 'teams',
        lazy: async () => ({ Component: (await import('./pages/TeamsPage.tsx')).TeamsPage }),
      },
      {
        path: 'users',
        lazy: async () => ({ Component: (await import('./pages/UsersPage.tsx')).UsersPage }),
      },
      {
        path: 'silences',
        lazy: async () => ({ Component: (await import('./pages/SilencesPage.tsx')).SilencesPage }),
      },
      {
        path: 'maintenance-windows',
        lazy: async () => ({ Component: (await import('./pages/MaintenancePage.tsx')).MaintenancePage }),
      },
      {
        path: 'users/:id',
        lazy: async () => ({ Component: (await import('./pages/UserPage.tsx')).UserPage }),
      },
      {
        path: 'postmortems',
        lazy: async () => ({ Component: (await import('./pages/postmortems/LibraryPage.tsx')).LibraryPage }),
      },
      {
        path: 'postmortems/:id',
        lazy: async () => ({
          Component: (await import('./pages/postmortems/PostmortemPage.tsx')).PostmortemPage,
        }),
      },
      {
        path: 'runbooks',
        lazy: async () => ({ Component: (await import('./pages/runbooks/LibraryPage.tsx')).LibraryPage }),
      },
      {
        path: 'runbooks/new',
        lazy: async () => ({
          Component: (await import('./pages/runbooks/NewRunbookPage.tsx')).NewRunbookPage,
        }),
      },
      {
        path: 'runbooks/:id',
        lazy: async () => ({ Component: (await import('./pages/runbooks/RunbookPage.tsx')).RunbookPage }),
      },
      {
        path: 'slos',
        lazy: async () => ({ Component: (await import('./pages/slos/ListPage.tsx')).ListPage }),
      },
      {
        path: 'slos/new',
        lazy: async () => ({ Component: (await import('./pages/slos/EditPage.tsx')).NewSloPage }),
      },
      {
        path: 'slos/:id/edit',
        lazy: async () => ({ Component: (await import('./pages/slos/EditPage.tsx')).EditSloPage }),
      },
      {
        path: 'slos/:id',
        lazy: async () => ({ Component: (await import('./pages/slos/SloPage.tsx')).SloPage }),
      },
      {
        path: 'insights',
        lazy: async () => ({ Component: (await import('./pages/insights/Layout.tsx')).InsightsLayout }),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./pages/insights/ResponsePage.tsx')).ResponsePage,
            }),
          },
          {
            path: 'frequency',
            lazy: async () => ({
              Component: (await import('./pages/insights/FrequencyPage.tsx')).FrequencyPage,
            }),
          },
          {
            path: 'on-call-health',
            lazy: async () => ({
              Component: (await import('./pages/insights/OnCallHealthPage.tsx')).OnCallHealthPage,
            }),
          },
          {
            path: 'alert-quality',
            lazy: async () => ({
              Component: (await import('./pages/insights/AlertQualityPage.tsx')).AlertQualityPage,
            }),
          },
          {
            path: 'process-health',
            lazy: async () => ({
              Component: (await import('./pages/insights/ProcessHealthPage.tsx')).ProcessHealthPage,
            }),
          },
        ],
      },
      {
        path: 'getting-started',
        lazy: async () => ({
          Component: (await import('./pages/GettingStartedPage.tsx')).GettingStartedPage,
        }),
      },
      { path: 'settings', element: <Navigate to="/settings/audit" replace /> },
      {
        path: 'settings/audit',
        lazy: async () => ({ Component: (await import('./pages/settings/AuditPage.tsx')).AuditPage }),
      },
      {
        path: 'settings/config',
        lazy: async () => ({ Component: (await import('./pages/settings/ConfigPage.tsx')).ConfigPage }),
      },
      {
        path: 'settings/severities',
        lazy: async () => ({
          Component: (await import('./pages/settings/SeveritiesPage.tsx')).SeveritiesPage,
        }),
      },
      {
        path: 'settings/roles',
        lazy: async () => ({ Component: (await import('./pages/settings/RolesPage.tsx')).RolesPage }),
      },
      {
        path: 'settings/ticket-trackers',
        lazy: async () => ({
          Component: (await import('./pages/settings/TicketTrackersPage.tsx')).TicketTrackersPage,
        }),
      },
      {
        path: 'settings/runbook-secrets',
        lazy: async () => ({
          Component: (await import('./pages/settings/RunbookSecretsPage.tsx')).RunbookSecretsPage,
        }),
      },
      {
        path: 'settings/throttle',
        lazy: async () => ({ Component: (await import('./pages/settings/ThrottlePage.tsx')).ThrottlePage }),
      },
      {
        path: 'status-page',
        lazy: async () => ({ Component: (await import('./pages/status-page/Layout.tsx')).StatusPageLayout }),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./pages/status-page/OverviewPage.tsx')).OverviewPage,
            }),
          },
          {
            path: 'incidents',
            lazy: async () => ({
              Component: (await import('./pages/status-page/IncidentsPage.tsx')).PublicIncidentsPage,
            }),
          },
          {
            path: 'incidents/:id',
            lazy: async () => ({
              Component: (await import('./pages/status-page/PublicIncidentPage.tsx')).PublicIncidentPage,
            }),
          },
          {
            path: 'maintenance',
            lazy: async () => ({
              Component: (await import('./pages/status-page/MaintenancePage.tsx')).StatusMaintenancePage,
            }),
          },
          {
            path: 'templates',
            lazy: async () => ({
              Component: (await import('./pages/status-page/TemplatesPage.tsx')).TemplatesPage,
            }),
          },
          {
            path: 'settings',
            lazy: async () => ({
              Component: (await import('./pages/status-page/SettingsPage.tsx')).StatusSettingsPage,
            }),
          },
          {
            path: 'subscribers',
            lazy: async () => ({
              Component: (await import('./pages/status-page/SubscribersPage.tsx')).SubscribersPage,
            }),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
