import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIALECTS } from '../harness.ts';
import { DESKTOP, logIn, newContext, seriousViolations, useBrowser, useTocsin } from './browser.ts';
import { incidentFixture } from './incident-fixture.ts';

/**
 * Issue 16, "lost connection shows a banner and recovers; nothing typed is lost on a failed
 * save": the browser goes offline (Chromium drops its connections, the event stream too), a
 * save fails and keeps the text, someone else acts meanwhile, and back online the page shows
 * what it missed without a reload. (The stream's own resume by Last-Event-ID is tested in
 * src/stream/stream.test.ts.)
 */
const browser = useBrowser();

for (const dialect of DIALECTS) {
  describe(`web UI: a lost connection [${dialect}]`, () => {
    const ui = useTocsin(dialect);

    it('shows a banner, keeps what was typed, and catches up when back online', async () => {
      const fx = await incidentFixture(ui.tocsin);
      const ref = await fx.trigger('Queue backlog growing');
      const context = await newContext(browser(), DESKTOP);
      try {
        const page = await context.newPage();
        await logIn(
          page,
          ui.tocsin.origin,
          ui.tocsin.admin.email,
          ui.tocsin.admin.password,
          `/incidents/${ref}`,
        );
        await page.locator('[data-live="live"]').waitFor();
        const banner = page.getByRole('status').filter({ hasText: 'Connection lost' });
        assert.equal(await banner.count(), 0, 'no banner while connected');

        await context.setOffline(true);
        await banner.waitFor();
        // The banner's light orange title once failed axe's AA contrast check (web/src/theme.ts).
        assert.deepEqual(await seriousViolations(page), [], 'the page with the banner passes axe');

        const note = page.getByLabel('Note', { exact: true });
        await note.fill('Drained the queue by hand');
        await page.getByRole('button', { name: 'Add note' }).click();
        await page.getByText('Could not reach Tocsin').waitFor();
        await ui.screenshot(page, 'connection-lost');
        assert.equal(
          await note.inputValue(),
          'Drained the queue by hand',
          'the text survives the failed save',
        );

        // Meanwhile someone else acknowledges: the offline page cannot hear it yet.
        const ack = await fx.asAdmin('POST', `/api/v1/incidents/${ref}/acknowledge`);
        assert.equal(ack.status, 200, JSON.stringify(ack.body));

        await context.setOffline(false);
        await page.locator('[data-live="live"]').waitFor({ timeout: 15_000 });
        await banner.waitFor({ state: 'detached' });
        // What was missed arrives without a reload: the status and the timeline entry.
        await page.getByText('acknowledged', { exact: true }).first().waitFor();

        await page.getByRole('button', { name: 'Add note' }).click();
        const deadline = Date.now() + 5000;
        for (;;) {
          const timeline = await fx.asAdmin<{ data: { message: string }[] }>(
            'GET',
            `/api/v1/incidents/${ref}/timeline?order=desc&limit=20`,
          );
          if (timeline.body.data.some((e) => e.message.includes('Drained the queue by hand'))) break;
          assert.ok(Date.now() < deadline, 'the note is saved once back online');
          await new Promise((r) => setTimeout(r, 100));
        }
        // The form clears once the save has worked.
        while ((await note.inputValue()) !== '') {
          assert.ok(Date.now() < deadline + 5000, 'the form clears after the save');
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await context.close();
      }
    });
  });
}
