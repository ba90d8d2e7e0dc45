/**
 * The layering of src/ (docs/architecture.md): each folder may import only from folders listed
 * before it, so imports point one way and no folder-level cycle can form. A new folder must be
 * given its place here before anything in it passes `npm run lint`. Tests are exempt: a suite
 * drives its domain through the layers above it (an alert in, a page out).
 */
const LAYERS = [
  'platform', //      infrastructure: db, http, auth, clock, outbound, the work signal
  'users', //         people and their contact methods
  'teams',
  'tokens',
  'sessions',
  'oncall', //        schedules: who is on call when
  'timeline', //      the incident log everyone writes to and reads
  'notify', //        channels, delivery, throttling, action links
  'escalation', //    policies and the paging walk
  'services',
  'integrations',
  'silences',
  'severities',
  'incidents', //     the incident lifecycle and its pages
  'ingest', //        alerts in: parse, dedup, suppress, group, open/join, escalate
  'heartbeats',
  'alerts',
  'alertmanager-api', // Alertmanager's API v2 read side and silences, for amtool and Grafana
  'runbooks', //      versioned Markdown matched to alerts; shown on incidents, linked in pages
  'slos', //          SLOs: counts, burn-rate alerts through ingest, error budgets, the release gate
  'status-page', //   the public status page: components, public incidents, maintenance, subscribers
  'action-items', //  an incident's follow-ups with owner, due date and priority, tracked to done
  'postmortems', //   postmortems: templates, drafting from the incident, review, publish, export
  'getting-started', // the set-up checklist: reads what exists across the domains below
  'insights', //     response, frequency, on-call health, alert quality, process health (SPEC §6)
  'engine', //        timers and workers that drive the layers below
  'stream', //        the live stream: changes to incidents, timelines and on-call as server-sent events
  'audit',
  'config', //        config as code: plan/apply over every domain
  'web', //           serves the built web UI (web/) at /
  '<root>', //        src/*.ts: the app (server, routes, first-start bootstrap)
  'cli',
];

const folder = (name) => (name === '<root>' ? '^src/[^/]+\\.ts$' : `^src/${name}/`);

const upward = LAYERS.slice(0, -1).map((name, i) => ({
  name: `layer-${name.replace(/[<>]/g, '')}`,
  comment: `${name} may import only from the layers before it: ${LAYERS.slice(0, i).join(', ') || '(none)'}`,
  severity: 'error',
  from: { path: folder(name) },
  to: { path: LAYERS.slice(i + 1).map(folder) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'layer-unplaced',
      comment: 'every folder under src/ needs a place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: LAYERS.filter((n) => n !== '<root>').map(folder) },
      to: {},
    },
    {
      name: 'layer-unplaced-target',
      comment: 'every folder under src/ needs a place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: LAYERS.filter((n) => n !== '<root>').map(folder) },
    },
    {
      name: 'no-circular',
      comment: 'modules must not import each other in a loop (type-only imports excepted)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^test/', '^bench/', '^dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
