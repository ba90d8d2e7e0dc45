import { alertmanagerApiRoutes } from './alertmanager-api/routes.ts';
import { insightRoutes } from './insights/routes.ts';
import { runbookRoutes } from './runbooks/routes.ts';
import { sloRoutes } from './slos/routes.ts';
import { actionItemRoutes } from './action-items/routes.ts';
import { alertRoutes } from './alerts/routes.ts';
import { suppressionPreviewRoutes } from './alerts/preview-routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { configRoutes } from './config/routes.ts';
import { escalationPolicyRoutes } from './escalation/policies/routes.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { ingestRoutes } from './ingest/routes.ts';
import { heartbeatRoutes } from './heartbeats/routes.ts';
import { integrationRoutes } from './integrations/routes.ts';
import { testAlertRoutes } from './ingest/test-alert-routes.ts';
import { actionRoutes } from './incidents/action-routes.ts';
import type { RoutePlugin } from './platform/http/app.ts';
import { scheduleRoutes } from './oncall/routes.ts';
import { serviceRoutes } from './services/routes.ts';
import { sessionRoutes } from './sessions/routes.ts';
import { inviteRoutes } from './sessions/invite-routes.ts';
import { streamRoutes } from './stream/routes.ts';
import { severityRoutes } from './severities/routes.ts';
import { silenceRoutes } from './silences/routes.ts';
import { maintenanceWindowRoutes } from './silences/window-routes.ts';
import { teamRoutes } from './teams/routes.ts';
import { tokenRoutes } from './tokens/routes.ts';
import { userRoutes } from './users/routes.ts';
import { peopleRoutes } from './users/people-routes.ts';
import { webRoutes } from './web/serve.ts';
import { signingSecretRoutes } from './users/signing-secret-routes.ts';
import { testNotificationRoutes } from './notify/test-routes.ts';
import { gettingStartedRoutes } from './getting-started/routes.ts';
import { notificationThrottleRoutes } from './notify/throttle-routes.ts';
import { statusPageRoutes } from './status-page/routes.ts';
import { statusPageIncidentRoutes } from './status-page/routes-incidents.ts';
import { statusPageTemplateRoutes } from './status-page/routes-templates.ts';
import { publicStatusPageRoutes } from './status-page/public/routes.ts';
import { subscriberAdminRoutes } from './status-page/subscribers/admin-routes.ts';
import { subscriberPublicRoutes } from './status-page/subscribers/public-routes.ts';
import { postmortemRoutes } from './postmortems/routes.ts';
import { postmortemTemplateRoutes } from './postmortems/routes-templates.ts';
import { ticketTrackerRoutes } from './action-items/trackers/routes.ts';
import { ticketTrackerWebhookRoutes } from './action-items/trackers/webhook-routes.ts';

/** Every domain's API routes, mounted under /api/v1. A new domain adds one line here. */
export const API_ROUTES: RoutePlugin[] = [
  sessionRoutes,
  inviteRoutes,
  userRoutes,
  peopleRoutes,
  signingSecretRoutes,
  testNotificationRoutes,
  notificationThrottleRoutes,
  tokenRoutes,
  teamRoutes,
  serviceRoutes,
  scheduleRoutes,
  escalationPolicyRoutes,
  integrationRoutes,
  testAlertRoutes,
  alertRoutes,
  incidentRoutes,
  severityRoutes,
  silenceRoutes,
  maintenanceWindowRoutes,
  suppressionPreviewRoutes,
  auditRoutes,
  configRoutes,
  streamRoutes,
  gettingStartedRoutes,
  statusPageRoutes,
  statusPageIncidentRoutes,
  statusPageTemplateRoutes,
  subscriberAdminRoutes,
  postmortemRoutes,
  postmortemTemplateRoutes,
  actionItemRoutes,
  ticketTrackerRoutes,
  insightRoutes,
  runbookRoutes,
  sloRoutes,
];

/**
 * At the root: the drop-in endpoints of SPEC §3 (PagerDuty, Alertmanager, Grafana, generic,
 * heartbeats), the action-link pages, and the web UI at / (last: its catch-all GET sends pages
 * the app's index.html, and hands everything else to the 404).
 */
export const ROOT_ROUTES: RoutePlugin[] = [
  ingestRoutes,
  alertmanagerApiRoutes,
  heartbeatRoutes,
  actionRoutes,
  publicStatusPageRoutes,
  subscriberPublicRoutes,
  ticketTrackerWebhookRoutes,
  webRoutes,
];
