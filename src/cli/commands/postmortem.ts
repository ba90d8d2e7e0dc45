import type { PostmortemView } from '../../postmortems/schemas.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { enc, printJson } from './incident-common.ts';
import { fetchPostmortem, postmortemArg, postmortemSummary } from './postmortem-common.ts';

export const postmortemCreate: Command = {
  path: ['postmortem', 'create'],
  summary: "start an incident's postmortem, drafted from the incident and its severity's template",
  usage: `INC [--template ID] [--title TEXT] [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, template: { type: 'string' }, title: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const template = stringFlag(inv.flags, 'template');
      const title = stringFlag(inv.flags, 'title');
      const pm = await api.request<PostmortemView>('POST', '/postmortems', {
        incident_id: postmortemArg(inv),
        ...(template !== undefined ? { template_id: template } : {}),
        ...(title !== undefined ? { title } : {}),
      });
      if (inv.flags.json === true) printJson(inv.io, pm);
      else
        for (const line of [`created ${postmortemSummary(pm)[0]!}`, ...postmortemSummary(pm).slice(1)])
          inv.io.out(line);
      return 0;
    }),
};

export const postmortemShow: Command = {
  path: ['postmortem', 'show'],
  summary: 'a postmortem: status, owner, due date, reviewers, blameless-language comments and its sections',
  usage: `INC|PM_ID [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS },
  run: (inv) =>
    withApi(inv, async (api) => {
      const pm = await fetchPostmortem(api, postmortemArg(inv));
      if (inv.flags.json === true) {
        printJson(inv.io, pm);
        return 0;
      }
      const lines = postmortemSummary(pm);
      if (pm.tags.length > 0) lines.push(`  tags          ${pm.tags.join(', ')}`);
      for (const r of pm.reviewers) {
        lines.push(`  reviewer      ${r.user.name} ${r.approved_at === null ? 'pending' : 'approved'}`);
      }
      for (const c of pm.review_comments)
        lines.push(`  comment       [${c.section_key}] ${c.message}: "${c.excerpt}"`);
      if (pm.allowed_transitions.length > 0)
        lines.push(`  can move to   ${pm.allowed_transitions.join(', ')}`);
      for (const s of pm.sections) lines.push('', `## ${s.title}`, '', s.body);
      for (const line of lines) inv.io.out(line);
      return 0;
    }),
};

export const postmortemExport: Command = {
  path: ['postmortem', 'export'],
  summary: 'a postmortem as Markdown on stdout',
  usage: `INC|PM_ID ${API_USAGE}`,
  options: { url: API_OPTIONS.url, token: API_OPTIONS.token },
  run: (inv) =>
    withApi(inv, async (api) => {
      const pm = await fetchPostmortem(api, postmortemArg(inv));
      const markdown = await api.request<string>('GET', `/postmortems/${enc(pm.id)}.md`);
      inv.io.out(markdown.trimEnd());
      return 0;
    }),
};
