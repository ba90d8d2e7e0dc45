import type { ComponentStatus } from '../../platform/db/tables/status-page.ts';
import { Html, html } from '../../incidents/action-pages.ts';
import { renderMarkdown } from './markdown.ts';
import type { PublicSettings } from './page-settings.ts';
import type { V2Incident } from './statuspage-v2.ts';

/**
 * What the public HTML pages share: the frame (header with the page's name, logo and brand
 * colour; footer with the history, feeds and API), the style sheet, times and incident cards.
 * Values are escaped by `html` (src/incidents/action-pages.ts) by construction; the one raw
 * insertion is Markdown rendered by markdown.ts, which passes no HTML through.
 *
 * The pages are complete without JavaScript and show times in UTC; LOCAL_TIME_SCRIPT (served
 * from /status/local-time.js, never inline, the CSP allows 'self' scripts only) rewrites each
 * <time data-local> into the reader's time zone when scripts run.
 */

export { Html, html };

export const SCRIPT_PATH = '/status/local-time.js';

const FONT =
  "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif,'Apple Color Emoji','Segoe UI Emoji'";

/** Colours: text ones reach WCAG AA (4.5:1) on white; bar ones are shapes (3:1 not needed by text rules). */
const STYLE = [
  `*{box-sizing:border-box}body{font:16px/1.55 ${FONT};margin:0;color:#000;background:#f8f9fa}`,
  '.wrap{max-width:52rem;margin:0 auto;padding:0 1rem}',
  '.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}',
  '.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
  'header.brand{background:var(--brand);color:var(--on-brand);padding:1rem 0}',
  'header.brand .wrap{display:flex;justify-content:space-between;align-items:center;gap:.5rem 1rem;flex-wrap:wrap}',
  'header.brand a{color:inherit;text-decoration:none}header.brand a:focus-visible{outline-color:currentColor}',
  '.home{font-size:1.375rem;font-weight:700;display:inline-flex;align-items:center;gap:.75rem}',
  '.to-subscribe{font-size:.875rem;font-weight:600;border:1px solid;border-radius:4px;padding:.375rem .75rem}',
  'header.brand img{max-height:40px;max-width:12rem}',
  // main is also a .wrap: the selector must outweigh .wrap's padding, or the banner meets the header.
  'main.wrap{padding:1.5rem 1rem 2rem}',
  'a{color:var(--link)}a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible{outline:2px solid #1864ab;outline-offset:2px}',
  'h1,h2,h3{line-height:1.3;overflow-wrap:anywhere}h2{font-size:1.25rem;margin:2rem 0 .75rem}h3{font-size:1.0625rem;margin:0}',
  '.banner{margin:0;padding:1rem 1.25rem;border-radius:4px;font-size:1.375rem;color:#fff;background:#067647}',
  '.banner.minor{background:#f59f00;color:#000}.banner.major{background:#c2410c}.banner.critical{background:#c92a2a}',
  '.banner.maintenance{background:#1864ab}',
  '.card{background:#fff;border:1px solid #dee2e6;border-radius:4px;padding:1rem 1.25rem;margin:0 0 1rem}',
  '.card>h2:first-child{margin-top:0}',
  // Impact colours, with the text colour that reads on each (black on yellow, else white).
  '.impact-none{--impact:#495057;--on-impact:#fff}.impact-minor{--impact:#f59f00;--on-impact:#000}',
  '.impact-major{--impact:#c2410c;--on-impact:#fff}.impact-critical{--impact:#c92a2a;--on-impact:#fff}',
  '.impact-maintenance{--impact:#1864ab;--on-impact:#fff}.card[class*=impact-]{border-left:4px solid var(--impact)}',
  // An incident as Statuspage shows one: its name on a band of its impact colour, the updates below.
  '.incident{background:#fff;border:1px solid var(--impact);border-radius:4px;margin:0 0 1rem;overflow:hidden}',
  '.incident-title{background:var(--impact);color:var(--on-impact);padding:.75rem 1.25rem;margin:0}',
  '.incident-title a{color:inherit}.incident-title a:focus-visible{outline-color:currentColor}',
  '.incident-body{padding:.75rem 1.25rem 1rem}.incident-body>.meta:first-child{margin-top:0}',
  '.meta{color:#495057;font-size:.875rem;margin:.25rem 0 0}',
  '.updates{list-style:none;margin:.75rem 0 0;padding:0}.updates li{margin:0 0 .75rem}',
  '.incident .updates li{margin:0;padding:.75rem 0;border-top:1px solid #e9ecef}',
  '.incident .updates li:last-child{padding-bottom:0}',
  '.updates .body p{margin:0 0 .25rem}.updates .body{overflow-wrap:anywhere}',
  '@media (min-width:601px){.incident .updates li{display:grid;grid-template-columns:8rem 1fr;column-gap:1rem}',
  '.incident .updates .status{grid-row:span 2}.incident .updates .meta{margin:0}}',
  '.components{list-style:none;margin:0;padding:0}.blocks>*+*{border-top:1px solid #dee2e6}',
  '.group>.row{padding:.75rem 0 0}.blocks>:first-child>.row{padding-top:0}.group .components{margin-left:1rem}',
  '.component{padding:.75rem 0;border-top:1px solid #e9ecef}.component:first-child{border-top:0}',
  '.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}.name{font-weight:600}',
  '.st-operational{color:#067647}.st-degraded_performance{color:#9c4a00}.st-partial_outage{color:#c2410c}',
  '.st-major_outage{color:#c92a2a}.st-under_maintenance{color:#1864ab}',
  '.bars{display:flex;gap:2px;list-style:none;margin:.5rem 0 .25rem;padding:0;height:34px}',
  '.bars li{flex:1;border-radius:2px;background:#2f9e44}.bars .d-none{background:#dee2e6}',
  '.bars .d-degraded_performance{background:#f59f00}.bars .d-partial_outage{background:#e8590c}',
  '.bars .d-major_outage{background:#e03131}.bars .d-under_maintenance{background:#1c7ed6}',
  '.scale{display:flex;align-items:center;gap:.75rem;color:#495057;font-size:.8125rem;margin:.25rem 0 0}',
  '.scale .rule{flex:1;height:1px;background:#ced4da}',
  '.short{display:none}details{flex-basis:100%}summary{cursor:pointer;color:var(--link)}',
  '@media (max-width:600px){.bars li:nth-child(-n+60){display:none}.long{display:none}.short{display:inline}}',
  'form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:0 0 1rem}',
  'label{display:block;font-weight:600;font-size:.875rem}',
  'input[type=email],input[type=url]{font:inherit;padding:.5rem;border:1px solid #868e96;border-radius:4px;width:20rem;max-width:100%}',
  'button{font:600 1rem/1 ' +
    FONT +
    ';min-height:42px;padding:0 1rem;border:0;border-radius:4px;background:#1864ab;color:#fff;cursor:pointer}',
  'fieldset{border:1px solid #dee2e6;border-radius:4px;margin:0 0 1rem}fieldset label{font-weight:400;display:flex;gap:.5rem}',
  'footer{color:#495057;font-size:.875rem;margin-top:2rem;border-top:1px solid #dee2e6;padding-top:1rem}',
  'footer a{margin-right:1rem}.pager{display:flex;justify-content:space-between;margin-top:1rem}',
].join('');

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/**
 * The brand colour paints the header (with black or white text, whichever contrasts more), and
 * the links when it is dark enough to read on white; otherwise links keep a readable blue.
 */
function brandVars(brand: string): string {
  const l = luminance(brand);
  const onBrand = contrast(l, 1) >= contrast(l, 0) ? '#fff' : '#000';
  const link = contrast(l, 1) >= 4.5 ? brand : '#1864ab';
  return `:root{--brand:${brand};--on-brand:${onBrand};--link:${link}}`;
}

export const STATUS_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  under_maintenance: 'Under maintenance',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Dec 2026, 06:00 UTC", in a <time> the script rewrites to the reader's zone. */
export function time(isoString: string): Html {
  const d = new Date(isoString);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const text = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
  return html`<time datetime="${isoString}" data-local>${text}</time>`;
}

const UPDATE_STATUS: Record<V2Incident['status'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

export const statusLabel = (s: V2Incident['status']): string => UPDATE_STATUS[s];

/** Rendered Markdown (markdown.ts: no raw HTML passes) as trusted markup. */
export const markdown = (body: string): Html => new Html(renderMarkdown(body));

/** An incident or maintenance with its updates, newest first; `heading` is h2 or h3 by context. */
export function incidentCard(i: V2Incident, opts: { heading: 'h2' | 'h3'; link: boolean }): Html {
  const title = opts.link ? html`<a href="/status/incidents/${i.id}">${i.name}</a>` : html`${i.name}`;
  const heading =
    opts.heading === 'h2'
      ? html`<h2 class="incident-title">${title}</h2>`
      : html`<h3 class="incident-title">${title}</h3>`;
  const window =
    i.scheduled_for != null && i.scheduled_until != null
      ? html`<p class="meta">Scheduled ${time(i.scheduled_for)} to ${time(i.scheduled_until)}</p>`
      : html``;
  const affected =
    i.components.length === 0
      ? html``
      : html`<p class="meta">Affected: ${i.components.map((c) => c.name).join(', ')}</p>`;
  const impact = i.impact === 'none' || i.impact === 'maintenance' ? '' : ` · ${i.impact} impact`;
  return html`<article class="incident impact-${i.impact}">
    ${heading}
    <div class="incident-body">
      <p class="meta">${statusLabel(i.status)}${impact}</p>
      ${window}${affected}
      <ol class="updates">
        ${i.incident_updates.map(
          (u) =>
            html`<li>
              <strong class="status">${statusLabel(u.status)}</strong>
              <div class="body">${markdown(u.body)}</div>
              <p class="meta">${time(u.display_at)}</p>
            </li>`,
        )}
      </ol>
    </div>
  </article>`;
}

/** A whole public page. `title` goes in <title> after the page's name. */
export function layout(s: PublicSettings, title: string, body: Html): string {
  const brand = s.logo_url === null ? html`${s.name}` : html`<img src="${s.logo_url}" alt="" />${s.name}`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${s.name}</title>
        <link
          rel="alternate"
          type="application/rss+xml"
          title="${s.name} incidents (RSS)"
          href="/status/history.rss"
        />
        <link
          rel="alternate"
          type="application/atom+xml"
          title="${s.name} incidents (Atom)"
          href="/status/history.atom"
        />
        <style>
          ${new Html(brandVars(s.brand_color) + STYLE)}
        </style>
        <script src="${SCRIPT_PATH}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="brand">
          <div class="wrap">
            <a class="home" href="/status">${brand}</a
            ><a class="to-subscribe" href="/status#h-subscribe">Subscribe to updates</a>
          </div>
        </header>
        <main id="main" class="wrap">
          ${body}
          <footer>
            <a href="/status/history">Incident history</a><a href="/status/history.rss">RSS feed</a
            ><a href="/status/history.atom">Atom feed</a><a href="/status/api/v2/summary.json">API</a>
            <span>Powered by Tocsin</span>
          </footer>
        </main>
      </body>
    </html>`.text;
}

/**
 * The script behind every <time data-local>: rewrites the UTC text into the reader's zone
 * (Intl picks their locale's format and zone name). No script, no problem: the UTC text stays.
 */
export const LOCAL_TIME_SCRIPT = `(function () {
  var format = new Intl.DateTimeFormat(undefined, {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
  });
  function rewrite() {
    var times = document.querySelectorAll('time[data-local]');
    for (var i = 0; i < times.length; i++) {
      var d = new Date(times[i].getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        times[i].textContent = format.format(d);
        times[i].setAttribute('data-localized', '');
      }
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', rewrite);
  else rewrite();
})();
`;
