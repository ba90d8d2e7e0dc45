import { escapeHtml, sendOtherMail } from '../notify/channels/email.ts';
import type { EngineDeps } from '../platform/engine-deps.ts';
import { runbookPageUrl } from '../platform/http/page-urls.ts';
import { reviewDueAt } from './presenter.ts';
import { overdueUnreminded, reviewRecipients, takeReviewReminder } from './repository.ts';

/** Reviews fall due by the day: looking once a minute is plenty. */
const LOOK_EVERY_MS = 60_000;
const BATCH = 50;

/**
 * Overdue runbook reviews (called each engine pass): the owner team's managers (its members when
 * it has none; admins for a runbook of no team) get one email per overdue review, taken by a
 * conditional UPDATE first so engines on several nodes send it once. Marking the runbook reviewed
 * clears the mark, so the next overdue review is announced again. A failed send is logged, not
 * retried: the runbook library shows the overdue review all along.
 */
export function createReviewReminders(deps: EngineDeps): { pass(): Promise<number> } {
  let lastLook = Number.NEGATIVE_INFINITY;
  return {
    async pass() {
      const now = deps.clock.now();
      if (now - lastLook < LOOK_EVERY_MS && now >= lastLook) return 0;
      lastLook = now;
      const due = await overdueUnreminded(deps.db, now, BATCH);
      let sent = 0;
      for (const r of due) {
        if (!(await takeReviewReminder(deps.db, r.id, now))) continue;
        const url = runbookPageUrl(deps.publicUrl, r.id);
        const since = new Date(reviewDueAt(r)).toISOString().slice(0, 10);
        for (const person of await reviewRecipients(deps.db, r.owner_team_id)) {
          const subject = `Runbook review overdue: ${r.title}`;
          const text = `Hello ${person.name},\n\nThe runbook "${r.title}" was due for review on ${since}. Read it, fix what is out of date, then mark it reviewed:\n${url}\n`;
          const result = await sendOtherMail(
            deps.notify,
            {
              to: person.email,
              subject,
              text,
              html: `<p>Hello ${escapeHtml(person.name)},</p><p>The runbook <strong>${escapeHtml(r.title)}</strong> was due for review on ${since}. Read it, fix what is out of date, then mark it reviewed:</p><p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
              idempotencyKey: `runbook-review-${r.id}-${now}-${person.id}`,
              headers: {},
            },
            AbortSignal.timeout(deps.notify.timeoutMs),
            now,
          );
          if (result.ok) sent++;
          else deps.log?.warn({ runbook: r.id, error: result.error }, 'runbook review reminder not sent');
        }
      }
      return sent;
    },
  };
}
