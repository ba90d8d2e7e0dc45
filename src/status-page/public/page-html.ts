import type { PageData } from './page-data.ts';
import type { Html } from './html-kit.ts';
import { STATUS_LABEL, html, incidentCard, layout } from './html-kit.ts';
import type { V2Component } from './statuspage-v2.ts';
import { UPTIME_DAYS, type Uptime, describeDay, formatPercent } from './uptime.ts';

/**
 * GET /status: the overall status, what is going on now (incidents, maintenance in progress),
 * the components by group with their 90-day uptime bars, upcoming maintenance, and the
 * subscribe form (its endpoint, POST /status/subscribe, is part C's).
 */

/** Each day a list item with its text alternative: read out by screen readers, shown on hover. */
function bars(c: V2Component, uptime: Uptime): Html {
  const percent = uptime.percent === null ? 'No data yet' : `${formatPercent(uptime.percent)} % uptime`;
  return html`<ol class="bars" aria-label="${c.name}: the last ${UPTIME_DAYS} days, oldest first">
      ${uptime.days.map((d) => {
        const text = describeDay(d);
        return html`<li class="d-${d.worst ?? 'none'}" title="${text}"><span class="vh">${text}</span></li>`;
      })}
    </ol>
    <p class="scale">
      <span><span class="long">${UPTIME_DAYS} days ago</span><span class="short">30 days ago</span></span>
      <span class="rule" aria-hidden="true"></span><span>${percent}</span
      ><span class="rule" aria-hidden="true"></span><span>Today</span>
    </p>`;
}

function component(c: V2Component, data: PageData): Html {
  const uptime = data.uptime.get(c.id);
  return html`<li class="component">
    <div class="row">
      <span class="name">${c.name}</span>
      <span class="st-${c.status}">${STATUS_LABEL[c.status]}</span>
    </div>
    ${c.description === null ? html`` : html`<p class="meta">${c.description}</p>`}
    ${c.showcase && uptime !== undefined ? bars(c, uptime) : html``}
  </li>`;
}

/** Statuspage hides a component marked only_show_if_degraded while it is operational. */
const shown = (c: V2Component) => !(c.only_show_if_degraded && c.status === 'operational');

function components(data: PageData): Html {
  const byId = new Map(data.components.map((c) => [c.id, c]));
  const top = data.components.filter((c) => c.group || c.group_id === null);
  const blocks = top.map((entry) => {
    if (!entry.group)
      return shown(entry)
        ? html`<ul class="components">
            ${component(entry, data)}
          </ul>`
        : html``;
    const members = (entry.components ?? [])
      .map((id) => byId.get(id))
      .filter((c): c is V2Component => c !== undefined && shown(c));
    if (members.length === 0) return html``;
    return html`<section class="group" aria-labelledby="g-${entry.id}">
      <div class="row">
        <h3 id="g-${entry.id}">${entry.name}</h3>
        <span class="st-${entry.status}">${STATUS_LABEL[entry.status]}</span>
      </div>
      <ul class="components">
        ${members.map((c) => component(c, data))}
      </ul>
    </section>`;
  });
  if (!data.components.some((c) => !c.group && shown(c))) return html``;
  return html`<section aria-labelledby="h-components">
    <h2 id="h-components">Components</h2>
    <div class="card blocks">${blocks}</div>
  </section>`;
}

/** Per-component choice for a subscription; nothing ticked means every component. */
function componentChoice(data: PageData): Html {
  const leaves = data.components.filter((c) => !c.group);
  if (leaves.length === 0) return html``;
  return html`<details>
    <summary>Only some components</summary>
    <fieldset>
      <legend>Send updates about</legend>
      ${leaves.map((c) => html`<label><input type="checkbox" name="component_ids[]" value="${c.id}" />${c.name}</label>`)}
    </fieldset>
  </details>`;
}

function subscribeForm(data: PageData, kind: 'email' | 'webhook'): Html {
  const field =
    kind === 'email'
      ? html`<label for="subscribe-email">Email address</label>
          <input id="subscribe-email" type="email" name="email" autocomplete="email" required />`
      : html`<label for="subscribe-webhook">Webhook URL</label>
          <input id="subscribe-webhook" type="url" name="webhook_url" placeholder="https://" required />`;
  return html`<form method="post" action="/status/subscribe">
    <div>${field}</div>
    <button type="submit">${kind === 'email' ? 'Subscribe by email' : 'Subscribe a webhook'}</button>
    ${componentChoice(data)}
  </form>`;
}

function subscribe(data: PageData): Html {
  return html`<section aria-labelledby="h-subscribe">
    <h2 id="h-subscribe">Get updates</h2>
    <div class="card">
      ${subscribeForm(data, 'email')}${subscribeForm(data, 'webhook')}
      <p class="meta">
        Email subscriptions start once you follow the link we send; every message has a one-click unsubscribe
        link. Or follow the <a href="/status/history.rss">RSS</a> or
        <a href="/status/history.atom">Atom</a> feed.
      </p>
    </div>
  </section>`;
}

export function renderStatusPage(data: PageData): string {
  const banner = html`<h1 class="banner ${bannerClass(data)}">${data.status.description}</h1>`;
  const section = (id: string, title: string, items: PageData['unresolved']) =>
    items.length === 0
      ? html``
      : html`<section aria-labelledby="${id}">
          <h2 id="${id}">${title}</h2>
          ${items.map((i) => incidentCard(i, { heading: 'h3', link: true }))}
        </section>`;
  const happening = html`${section('h-now', 'Active incidents', data.unresolved)}${section(
    'h-active',
    'Maintenance in progress',
    data.active,
  )}`;
  const upcoming = section('h-upcoming', 'Scheduled maintenance', data.upcoming);
  return layout(
    data.settings,
    'Status',
    html`${banner}${happening}${components(data)}${upcoming}${subscribe(data)}`,
  );
}

/** The banner's colour: the indicator, or blue while only maintenance is under way. */
function bannerClass(data: PageData): string {
  if (data.status.indicator !== 'none') return data.status.indicator;
  return data.status.description === 'Service Under Maintenance' ? 'maintenance' : 'none';
}
