import type { IncidentView } from './schemas.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { ACTION_PAGE_STYLE } from './action-look.ts';
import { INCIDENT_ACTIONS, type IncidentAction, type LinkAction } from '../notify/links.ts';

/**
 * What the signed-link pages (action-routes.ts) answer, as HTML for people on a phone or as JSON for
 * scripts. Only rendering lives here; the routes decide the outcome.
 */

export interface Target {
  incident: IncidentView;
  /** The incident's page for people (incidentPageUrl). */
  pageUrl: string;
  serviceName: string;
  /** What the token allows: one action, or `respond` (either, chosen with `?do=`). */
  link: LinkAction;
  actor: Extract<Actor, { type: 'user' }>;
  expiresAt: number;
}

export type Outcome =
  | { kind: 'confirm'; target: Target }
  | { kind: 'done'; target: Target; action: IncidentAction }
  | {
      kind: 'fail';
      status: number;
      code: string;
      heading: string;
      message: string;
      target?: Target;
      /** An incident page to go to instead (an expired link's incident). */
      open?: { ref: string; url: string };
    };

export const fail = (
  status: number,
  code: string,
  heading: string,
  message: string,
  open?: { ref: string; url: string },
): Outcome => ({ kind: 'fail', status, code, heading, message, ...(open ? { open } : {}) });

export const VERB: Record<IncidentAction, { imperative: string; past: string; by: string }> = {
  acknowledge: { imperative: 'Acknowledge', past: 'acknowledged', by: 'Acknowledged by' },
  resolve: { imperative: 'Resolve', past: 'resolved', by: 'Resolved by' },
};

/** Escaped unless built by `html` itself, so every interpolated value is escaped by construction. */
export class Html {
  constructor(readonly text: string) {}
}
type Part = string | number | Html | Html[];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  const render = (p: Part): string =>
    p instanceof Html ? p.text : Array.isArray(p) ? p.map(render).join('') : escapeHtml(String(p));
  return new Html(strings.reduce((out, s, i) => out + render(parts[i - 1] ?? '') + s));
}

/** A whole HTML page: `body` in a card under the app's header, with the app's look (action-look.ts). */
export function page(title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Tocsin</title>
        <style>
          ${new Html(ACTION_PAGE_STYLE)}
        </style>
      </head>
      <body>
        <header><strong>Tocsin</strong></header>
        <main><div class="card">${body}</div></main>
      </body>
    </html> `.text;
}

function details(t: Target): Html {
  const i = t.incident;
  return html`<dl>
    <dt>Incident</dt>
    <dd>${i.ref}: ${i.title}</dd>
    <dt>Service</dt>
    <dd>${t.serviceName}</dd>
    <dt>Status</dt>
    <dd>${i.status}</dd>
  </dl>`;
}

function openLink(ref: string, url: string): Html {
  return html`<p><a href="${url}">Open ${ref} in Tocsin</a></p>`;
}

/**
 * A single-action link's form has no action attribute: it posts back to this very URL, token
 * included. A respond link's two forms post to the same path with `?do=` (a query-only relative
 * URL keeps the path, so the token too, and stays inside the CSP's `form-action 'self'`).
 */
function forms(t: Target): Html {
  if (t.link !== 'respond') {
    const label = `${VERB[t.link].imperative} ${t.incident.ref}`;
    return html`<form method="post"><button type="submit">${label}</button></form>`;
  }
  return html`${INCIDENT_ACTIONS.map((a) => {
    const label = VERB[a].imperative;
    return html`<form method="post" action="?do=${a}">
      <button type="submit" class="${a}">${label}</button>
    </form>`;
  })}`;
}

export function renderHtml(o: Outcome): { status: number; body: string } {
  if (o.kind === 'fail') {
    const open = o.target ? { ref: o.target.incident.ref, url: o.target.pageUrl } : o.open;
    const extra = html`${o.target ? details(o.target) : html``}${open ? openLink(open.ref, open.url) : html``}`;
    return {
      status: o.status,
      body: page(
        o.heading,
        html`<h1>${o.heading}</h1>
          <p>${o.message}</p>
          ${extra}`,
      ),
    };
  }
  const { incident, actor } = o.target;
  if (o.kind === 'done') {
    const verb = VERB[o.action];
    const heading = `${incident.ref} ${verb.past}`;
    return {
      status: 200,
      body: page(
        heading,
        html`<h1>${heading}</h1>
          ${details(o.target)}
          <p>${verb.by} ${actor.name}.</p>
          ${openLink(incident.ref, o.target.pageUrl)}`,
      ),
    };
  }
  const link = o.target.link;
  const heading =
    link === 'respond'
      ? `Acknowledge or resolve ${incident.ref}?`
      : `${VERB[link].imperative} ${incident.ref}?`;
  const body = html`<h1>${heading}</h1>
    ${details(o.target)}
    <p>You are acting as <strong>${actor.name}</strong>.</p>
    ${forms(o.target)}
    <p class="note">This link expires at ${new Date(o.target.expiresAt).toISOString()}.</p>`;
  return { status: 200, body: page(heading, body) };
}

export function renderJson(o: Outcome): { status: number; body: unknown } {
  if (o.kind === 'fail') return { status: o.status, body: { error: { code: o.code, message: o.heading } } };
  const { incident, actor } = o.target;
  // What was done, or (on GET) what the link offers: `respond` for either action.
  const action = o.kind === 'done' ? o.action : o.target.link;
  return { status: 200, body: { incident, action, user: { id: actor.userId, name: actor.name } } };
}
