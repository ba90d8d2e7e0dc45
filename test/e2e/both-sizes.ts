import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, seriousViolations } from './browser.ts';

/** Nothing on the page is wider than its window: no sideways scrolling. */
export function fitsTheWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/**
 * The page as it is now, at desktop width and at 375 px: no serious or critical axe violation,
 * nothing wider than the screen. Leaves the page at desktop width, settled for a screenshot.
 */
export async function assertFitsBothSizes(page: Page): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    assert.deepEqual(await seriousViolations(page), [], `at ${size.width} px`);
    assert.ok(await fitsTheWidth(page), `nothing wider than the screen at ${size.width} px`);
  }
  await page.setViewportSize(DESKTOP);
  // The navigation slides back in at desktop width.
  await page.waitForTimeout(400);
}
