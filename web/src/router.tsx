import { createBrowserRouter, Navigate } from 'react-router';
import { RequireSession } from './session.tsx';
import { Shell } from './Shell.tsx';
import { LiveProvider } from './live.tsx';
import { AlertPage } from './pages/AlertPage.tsx';
import { AlertsPage } from './pages/AlertsPage.tsx';
import { IncidentPage } from './pages/IncidentPage.tsx';
import { IncidentsPage } from './pages/IncidentsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { SchedulePage } from './pages/SchedulePage.tsx';
import { SchedulesPage } from './pages/SchedulesPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { NowPage } from './pages/NowPage.tsx';
import { ProfilePage } from './pages/ProfilePage.tsx';

/**
 * Every page of the app. The server sends index.html for any of these paths (src/web/), so a
 * link from a page or email (/incidents/INC-42, src/platform/http/page-urls.ts) opens here.
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireSession>
        <LiveProvider>
          <Shell />
        </LiveProvider>
      </RequireSession>
    ),
    children: [
      { index: true, element: <Navigate to="/now" replace /> },
      { path: 'now', element: <NowPage /> },
      { path: 'incidents', element: <IncidentsPage /> },
      { path: 'incidents/:ref', element: <IncidentPage /> },
      { path: 'profile', element: <ProfilePage /> },
      { path: 'alerts', element: <AlertsPage /> },
      { path: 'alerts/:id', element: <AlertPage /> },
      { path: 'schedules', element: <SchedulesPage /> },
      { path: 'schedules/:id', element: <SchedulePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
