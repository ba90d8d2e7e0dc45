import type { Html } from './html-kit.ts';
import { html, incidentCard, layout, time } from './html-kit.ts';
import type { PageData } from './page-data.ts';
import type { V2Incident } from './statuspage-v2.ts';

/** GET /status/history?page=N (incidents and maintenance, newest first) and /status/incidents/:id. */

export const HISTORY_PER_PAGE = 20;

function historyItem(i: V2Incident): Html {
  const latest = i.incident_updates[0];
  const when = i.scheduled_for != null ? i.scheduled_for : i.started_at;
  const kind = i.scheduled_for !== undefined ? 'Maintenance' : 'Incident';
  return html`<li class="card impact-${i.impact}">
    <h2><a href="/status/incidents/${i.id}">${i.name}</a></h2>
    <p class="meta">
      ${kind} · ${time(when)}${latest === undefined ? '' : html` · ${latest.status.replace('_', ' ')}`}
    </p>
  </li>`;
}

export function renderHistoryPage(
  data: PageData,
  page: number,
  items: V2Incident[],
  hasNext: boolean,
): string {
  const list =
    items.length === 0
      ? html`<p>${page === 1 ? 'No incidents reported.' : 'No more incidents.'}</p>`
      : html`<ol class="updates">
          ${items.map(historyItem)}
        </ol>`;
  const prev =
    page > 1 ? html`<a href="/status/history?page=${page - 1}" rel="prev">Newer</a>` : html`<span></span>`;
  const next = hasNext
    ? html`<a href="/status/history?page=${page + 1}" rel="next">Older</a>`
    : html`<span></span>`;
  const title = page === 1 ? 'Incident history' : `Incident history, page ${page}`;
  return layout(
    data.settings,
    title,
    html`<h1>${title}</h1>
      ${list}
      <nav class="pager" aria-label="History pages">${prev}${next}</nav>
      <p><a href="/status">Current status</a></p>`,
  );
}

export function renderIncidentPage(data: PageData, i: V2Incident): string {
  const card = incidentCard(i, { heading: 'h2', link: false });
  return layout(
    data.settings,
    i.name,
    html`<h1>${i.scheduled_for !== undefined ? 'Scheduled maintenance' : 'Incident report'}</h1>
      ${card}
      <p><a href="/status">Current status</a> · <a href="/status/history">Incident history</a></p>`,
  );
}

export function renderNotFound(data: PageData): string {
  return layout(
    data.settings,
    'Not found',
    html`<h1>Not found</h1>
      <p>There is no such incident or page. <a href="/status">See the current status</a>.</p>`,
  );
}
