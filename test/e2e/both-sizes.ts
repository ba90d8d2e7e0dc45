import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, seriousViolations } from './browser.ts';

/**
 * The page as it is now, at desktop width and at 375 px: no serious or critical axe violation,
 * nothing wider than the screen. Leaves the page at desktop width, settled for a screenshot.
 */
export async function assertFitsBothSizes(page: Page): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    assert.deepEqual(await seriousViolations(page), [], `at ${size.width} px`);
    const noScroll = await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
    assert.ok(noScroll, `nothing wider than the screen at ${size.width} px`);
  }
  await page.setViewportSize(DESKTOP);
  // The navigation slides back in at desktop width.
  await page.waitForTimeout(400);
}
