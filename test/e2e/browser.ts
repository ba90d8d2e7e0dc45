import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  chromium,
} from 'playwright-core';
import { loadConfig } from '../../src/platform/config.ts';
import type { Dialect } from '../../src/platform/db/connect.ts';
import type { App } from '../../src/platform/http/app.ts';
import { startTocsin } from '../../src/server.ts';
import { TEST_OUTBOUND_ALLOW, type TestDatabase, createTestDatabase } from '../harness.ts';
import { ROOT } from '../source-cli.ts';

/**
 * What the browser tests of the web UI share: Tocsin listening on a real port the way a person
 * first starts it (no TOCSIN_ADMIN_TOKEN: the first-start admin gets a generated password), and
 * Debian's Chromium driven by playwright-core (never a browser Playwright downloads).
 */
export const CHROMIUM = '/usr/bin/chromium';
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

export interface E2eTocsin {
  app: App;
  tdb: TestDatabase;
  origin: string;
  admin: { email: string; password: string; token: string };
  close(): Promise<void>;
}

/** `engine: true` runs the paging engine as `npm start` does, for tests that wait for a page to arrive. */
export async function startE2eTocsin(dialect: Dialect, opts: { engine?: boolean } = {}): Promise<E2eTocsin> {
  const tdb = await createTestDatabase(dialect);
  try {
    const config = loadConfig({ TOCSIN_DATABASE_URL: tdb.url, TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW });
    const tocsin = await startTocsin(config, { handle: tdb, engine: opts.engine ?? false });
    const app = tocsin.app!;
    const first = tocsin.bootstrap;
    if (first?.password === undefined || first.token === undefined) throw new Error('no first-start admin');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return {
      app,
      tdb,
      origin: `http://127.0.0.1:${port}`,
      admin: { email: first.email, password: first.password, token: first.token },
      close: async () => {
        await tocsin.engine.stop();
        await app.close();
        await tdb.drop();
      },
    };
  } catch (e) {
    await tdb.drop();
    throw e;
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** A fresh browser profile; a step that waits longer than 10 s has failed. */
export async function newContext(
  browser: Browser,
  viewport: { width: number; height: number },
  options: Omit<BrowserContextOptions, 'viewport'> = {},
) {
  const context = await browser.newContext({ ...options, viewport });
  context.setDefaultTimeout(10_000);
  return context;
}

export async function logIn(
  page: Page,
  origin: string,
  email: string,
  password: string,
  path = '/',
): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

const AXE_SOURCE = readFileSync(
  join(createRequire(import.meta.url).resolve('axe-core'), '..', 'axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: {
    target: unknown[];
    any?: { data?: { fgColor?: string; bgColor?: string; contrastRatio?: number } }[];
  }[];
}

/** Where axe found it and, for a contrast finding, the colours it measured: a failure says what to fix. */
function describeNode(n: AxeViolation['nodes'][number]): string {
  const d = n.any?.[0]?.data;
  const colours =
    d?.contrastRatio === undefined ? '' : ` (${d.fgColor} on ${d.bgColor}: ${d.contrastRatio}:1)`;
  return `${JSON.stringify(n.target)}${colours}`;
}

/**
 * axe-core's serious and critical violations on the page as it is now. The source is evaluated
 * in the page (a <script> tag would be refused by the strict CSP, evaluate is not).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A dialog or menu still fading in blends its colours with the page below: check the page as
  // it settles, once every finite transition has ended (a spinner's endless one never does).
  // Mantine starts a transition a frame or two after the element appears, so look again after
  // two frames until a look finds none running.
  await page.evaluate(`(async () => {
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    for (let i = 0; i < 20; i++) {
      await frames();
      const running = document.getAnimations().filter(
        (a) => a.effect !== null && a.effect.getComputedTiming().endTime !== Infinity && a.playState === 'running',
      );
      if (running.length === 0) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  })()`);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(describeNode).join(', ')}`);
}

/** Screenshots for docs/screenshots/, written only when TOCSIN_SCREENSHOTS=1 (they are committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.TOCSIN_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', `${name}.png`), fullPage: false });
}

/** A value set by a before hook, read where it must exist by then. */
function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started yet: read it in a test or a hook`);
  return value;
}

/** The one Chromium of a test file: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());
  return () => started(browser, 'Chromium');
}

interface ServerOptions {
  /** Runs the paging engine, for tests that wait for a page to arrive. */
  engine?: boolean;
  /** What the tests need in the database, made once Tocsin is up and before the browser opens. */
  setUp?: () => Promise<void>;
}

export interface E2eServer {
  /** The describe block's server, started by its before hook. */
  readonly tocsin: E2eTocsin;
  /** A docs/screenshots/ picture, from the SQLite run only: the committed pictures come from one run. */
  screenshot(page: Page, name: string): Promise<void>;
}

export interface E2eSession extends E2eServer {
  /** The admin's browser profile and its page, signed in at `path` when one was given. */
  readonly context: BrowserContext;
  readonly page: Page;
  /** Signs the first-start admin in on `page`, landing at `path`. */
  logIn(path?: string): Promise<void>;
}

function server(dialect: Dialect, opts: ServerOptions) {
  let tocsin: E2eTocsin | undefined;
  return {
    start: async () => {
      tocsin = await startE2eTocsin(dialect, { engine: opts.engine ?? false });
      await opts.setUp?.();
    },
    close: () => tocsin?.close(),
    view: {
      get tocsin() {
        return started(tocsin, 'Tocsin');
      },
      screenshot: (page: Page, name: string) =>
        dialect === 'sqlite' ? screenshot(page, name) : Promise.resolve(),
    },
  };
}

/** A Tocsin for the describe block (before/after hooks registered), for tests that open their own browsers. */
export function useTocsin(dialect: Dialect, opts: ServerOptions = {}): E2eServer {
  const s = server(dialect, opts);
  before(s.start);
  after(s.close);
  return s.view;
}

/**
 * A Tocsin for the describe block and the admin's page in `browser`, at `size` (desktop unless
 * said), signed in at `path` after `setUp` (or not at all: a test logs in). The before hook
 * starts them in that order, the after hook closes the page before the server.
 */
export function e2eSession(
  browser: () => Browser,
  dialect: Dialect,
  opts: ServerOptions & { size?: { width: number; height: number }; path?: string | (() => string) } = {},
): E2eSession {
  const s = server(dialect, opts);
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  const session: E2eSession = {
    get tocsin() {
      return s.view.tocsin;
    },
    get context() {
      return started(context, 'The browser context');
    },
    get page() {
      return started(page, 'The page');
    },
    screenshot: s.view.screenshot,
    logIn: async (path = '/') => {
      const { origin, admin } = session.tocsin;
      await logIn(session.page, origin, admin.email, admin.password, path);
    },
  };
  before(async () => {
    await s.start();
    context = await newContext(browser(), opts.size ?? DESKTOP);
    page = await context.newPage();
    const path = typeof opts.path === 'function' ? opts.path() : opts.path;
    if (path !== undefined) await session.logIn(path);
  });
  after(async () => {
    await context?.close();
    await s.close();
  });
  return session;
}
