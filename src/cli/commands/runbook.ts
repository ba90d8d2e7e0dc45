import type { RunbookSummaryView, RunbookView } from '../../runbooks/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { table, truncate } from '../incident-format.ts';
import { enc, fetchAll, printJson, resolveServiceId } from './incident-common.ts';

const matchedBy = (r: RunbookSummaryView): string => {
  const parts = [
    ...r.services.map((s) => `service=${s.name}`),
    ...r.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`),
    ...(r.severities.length > 0 ? [`severity in ${r.severities.join('|')}`] : []),
    ...(r.sources.length > 0 ? [`source in ${r.sources.join('|')}`] : []),
  ];
  return parts.length === 0 ? '(library only)' : parts.join(', ');
};

function runbookTable(rows: { runbook: RunbookSummaryView; mark?: string }[]): string[] {
  if (rows.length === 0) return ['no runbooks match'];
  return table(
    ['ID', 'V', 'REVIEW', 'OWNER', 'TITLE', 'MATCHES'],
    rows.map(({ runbook: r, mark }) => [
      `${mark ?? ''}${r.id}`,
      String(r.version),
      r.review_overdue ? 'OVERDUE' : r.review_due_at.slice(0, 10),
      r.owner_team?.name ?? 'admins',
      truncate(r.title, 50),
      truncate(matchedBy(r), 60),
    ]),
  );
}

/** `tocsin runbook list`: the library, or with `--incident INC` the runbooks matching that incident. */
export const runbookList: Command = {
  path: ['runbook', 'list'],
  summary: 'list runbooks (by words, tag, service, overdue review), or those matching an incident',
  usage: `[--incident INC] [--search WORDS] [--tag TAG] [--service NAME|ID] [--overdue] [--json] ${API_USAGE}`,
  options: {
    ...API_OPTIONS,
    incident: { type: 'string' },
    search: { type: 'string' },
    tag: { type: 'string' },
    service: { type: 'string' },
    overdue: { type: 'boolean' },
  },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const incident = stringFlag(flags, 'incident');
      if (incident !== undefined) {
        const answer = await api.request<{
          alert_runbook_url: string | null;
          data: { runbook: RunbookSummaryView; best: boolean; matched_alerts: number }[];
        }>('GET', `/incidents/${enc(incident)}/runbooks`);
        if (flags.json === true) {
          printJson(io, answer);
          return 0;
        }
        if (answer.alert_runbook_url !== null) io.out(`the alert's own runbook: ${answer.alert_runbook_url}`);
        for (const line of runbookTable(
          answer.data.map((d) => ({ runbook: d.runbook, mark: d.best ? '* ' : '  ' })),
        ))
          io.out(line);
        if (answer.data.some((d) => d.best)) io.out('* the one pages link to');
        return 0;
      }
      const query = new URLSearchParams();
      const search = stringFlag(flags, 'search');
      if (search !== undefined) query.set('q', search);
      const tag = stringFlag(flags, 'tag');
      if (tag !== undefined) query.set('tag', tag);
      const service = stringFlag(flags, 'service');
      if (service !== undefined) query.set('service_id', await resolveServiceId(api, service));
      if (flags.overdue === true) query.set('review_overdue', 'true');
      const rows = await fetchAll<RunbookSummaryView>(api, `/runbooks?${query.toString()}`);
      if (flags.json === true) {
        printJson(io, { data: rows, next_cursor: null });
        return 0;
      }
      for (const line of runbookTable(rows.map((runbook) => ({ runbook })))) io.out(line);
      return 0;
    }),
};

/** `tocsin runbook show RB_ID`: what it matches, its review, then its Markdown. */
export const runbookShow: Command = {
  path: ['runbook', 'show'],
  summary: 'a runbook: owner, what it matches, review, version, then its text',
  usage: `RB_ID [--version N] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, version: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const id = inv.args[0];
      if (id === undefined || id === '')
        throw new ValidationError('RB_ID is required: a runbook id (rb_...)');
      const version = stringFlag(inv.flags, 'version');
      if (version !== undefined && !/^[1-9]\d{0,8}$/.test(version)) {
        throw new ValidationError('--version: a version number (1, 2, ...)');
      }
      const rb = await api.request<RunbookView>('GET', `/runbooks/${enc(id)}`);
      let body = rb.body;
      if (version !== undefined) {
        body = (await api.request<{ body: string }>('GET', `/runbooks/${enc(id)}/versions/${version}`)).body;
      }
      if (inv.flags.json === true) {
        printJson(inv.io, version === undefined ? rb : { ...rb, body, shown_version: Number(version) });
        return 0;
      }
      const lines = [
        `${rb.id} v${version ?? rb.version} "${rb.title}"`,
        `  owner         ${rb.owner_team?.name ?? 'admins'}`,
        `  matches       ${matchedBy(rb)}`,
        `  review        ${rb.review_overdue ? 'OVERDUE since' : 'due'} ${rb.review_due_at.slice(0, 10)}`,
        ...(rb.tags.length > 0 ? [`  tags          ${rb.tags.join(', ')}`] : []),
        `  url           ${rb.url}`,
        '',
        body.trimEnd(),
      ];
      for (const line of lines) inv.io.out(line);
      return 0;
    }),
};

interface StepLite {
  id: string;
  name: string;
  approval: string;
}
interface RunLite {
  id: string;
  status: string;
  error: string | null;
  request: { method: string; url: string; headers: { name: string; value: string }[]; body: string | null };
}

/** `tocsin runbook run RB_ID STEP --incident INC`: asks to run a step (by name or id); `--dry-run` shows the request. */
export const runbookRun: Command = {
  path: ['runbook', 'run'],
  summary: 'run a runbook step on an incident (a step that needs approval waits for a second person)',
  usage: `RB_ID STEP_NAME|STEP_ID --incident INC [--dry-run] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, incident: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const [id, stepRef] = inv.args;
      if (id === undefined || stepRef === undefined) {
        throw new ValidationError('RB_ID and STEP are required: a runbook id (rb_...) and a step name or id');
      }
      const incident = stringFlag(inv.flags, 'incident');
      if (incident === undefined)
        throw new ValidationError('--incident is required: the incident to run it on (INC-42)');
      const steps = await api.request<{ data: StepLite[] }>('GET', `/runbooks/${enc(id)}/steps`);
      const step = steps.data.find((s) => s.id === stepRef || s.name === stepRef);
      if (step === undefined) {
        throw new ValidationError(
          `STEP: the runbook has no step ${JSON.stringify(stepRef)}; it has ${steps.data.map((s) => JSON.stringify(s.name)).join(', ') || 'none'}`,
        );
      }
      const dry = inv.flags['dry-run'] === true;
      const out = await api.request<RunLite & { dry_run?: true; refused?: string | null }>(
        'POST',
        `/runbooks/${enc(id)}/steps/${enc(step.id)}/runs`,
        { incident_id: incident, ...(dry ? { dry_run: true } : {}) },
      );
      if (inv.flags.json === true) {
        printJson(inv.io, out);
        return 0;
      }
      const r = out.request;
      if (dry) {
        inv.io.out(`would send (dry run, nothing sent):`);
        inv.io.out(`  ${r.method} ${r.url}`);
        for (const h of r.headers) inv.io.out(`  ${h.name}: ${h.value}`);
        if (r.body !== null) inv.io.out(`\n${r.body}`);
        if (out.refused) inv.io.out(`but a real run would be ${out.refused}`);
        return 0;
      }
      const says: Record<string, string> = {
        queued: 'queued: the engine sends it now',
        pending_approval: 'waiting for approval by a second person',
        refused: `refused: ${out.error ?? ''}`,
      };
      inv.io.out(`${out.id} ${says[out.status] ?? out.status}`);
      inv.io.out(`  ${r.method} ${r.url}`);
      return out.status === 'refused' ? 1 : 0;
    }),
};
