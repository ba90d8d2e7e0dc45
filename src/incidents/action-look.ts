/**
 * The look of the signed-link pages (action-pages.ts): the web app's (web/src/theme.ts, Mantine's
 * defaults with indigo as the primary colour; resolve is a green dark enough for WCAG AA) without its scripts, since these pages run no
 * script at all. The values are Mantine's: its font stack, indigo 8 for the primary colour, the
 * gray scale for borders and quiet text, a bordered card with the small shadow and radius, and
 * buttons sized for a thumb. The app's CSP allows inline styles (style-src 'unsafe-inline'), so
 * the sheet travels inside each page and needs no extra request.
 */
const FONT =
  "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif,'Apple Color Emoji','Segoe UI Emoji'";

export const ACTION_PAGE_STYLE = [
  ':root{--primary:#3b5bdb;--resolve:#067647;--text:#000;--dimmed:#495057;--border:#dee2e6;--page:#f8f9fa}',
  `*{box-sizing:border-box}body{font:16px/1.55 ${FONT};margin:0;color:var(--text);background:var(--page)}`,
  'header{background:#fff;border-bottom:1px solid var(--border);padding:0 1rem;height:56px;display:flex;align-items:center}',
  'header strong{font-size:1.25rem}',
  'main{max-width:32rem;margin:1.5rem auto;padding:0 1rem}',
  '.card{background:#fff;border:1px solid var(--border);border-radius:4px;padding:1.25rem;',
  'box-shadow:0 1px 3px rgba(0,0,0,.05),0 1px 2px rgba(0,0,0,.1)}',
  'h1{font-size:1.625rem;line-height:1.35;margin:0 0 1rem;overflow-wrap:anywhere}',
  'dl{margin:0 0 1rem}dt{font-weight:600;font-size:.875rem;color:var(--dimmed)}dd{margin:0 0 .5rem;overflow-wrap:anywhere}',
  'form{display:inline-block;margin:0 .5rem .75rem 0}',
  'button{font:600 1.125rem/1 ' + FONT + ';min-height:50px;padding:0 1.5rem;border:0;border-radius:4px;',
  'background:var(--primary);color:#fff;cursor:pointer}',
  'button.resolve{background:var(--resolve)}',
  'button:focus-visible,a:focus-visible{outline:2px solid var(--primary);outline-offset:2px}',
  'a{color:var(--primary)}.note{color:var(--dimmed);font-size:.875rem;margin-bottom:0}',
].join('');
