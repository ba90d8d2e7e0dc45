import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, type Page, chromium } from 'playwright-core';
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
  nodes: { target: unknown[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. The source is evaluated
 * in the page (a <script> tag would be refused by the strict CSP, evaluate is not).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // A dialog or menu still fading in blends its colours with the page below: check the page as
  // it settles, once every finite transition has ended (a spinner's endless one never does).
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect !== null && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
}

/** Screenshots for docs/screenshots/, written only when TOCSIN_SCREENSHOTS=1 (they are committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.TOCSIN_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', `${name}.png`), fullPage: false });
}
