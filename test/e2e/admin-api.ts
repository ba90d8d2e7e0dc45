import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { api } from '../harness.ts';
import { type E2eTocsin, logIn, newContext } from './browser.ts';

/** The admin's API calls that set up and check a browser test (issue 17's admin pages). */
export function adminApi(tocsin: () => E2eTocsin) {
  const call = <T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) =>
    api<T>(tocsin().app, method, url, {
      token: tocsin().admin.token,
      ...(body === undefined ? {} : { body }),
    });
  const created = async <T = { id: string }>(url: string, body: unknown): Promise<T> => {
    const res = await call<T>('POST', url, body);
    assert.equal(res.status, 201, `${url}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { call, created };
}

export const PASSWORD = 'correct horse battery staple';

/** A fresh browser profile signed in as someone else than the admin, opened at `path`. */
export async function signedInAs(
  browser: Browser,
  viewport: { width: number; height: number },
  tocsin: E2eTocsin,
  email: string,
  path: string,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  await logIn(page, tocsin.origin, email, PASSWORD, path);
  return { page, close: () => context.close() };
}
