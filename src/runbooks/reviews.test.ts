import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { addMember, buildTeam, buildUser, uniqueName } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type SmtpReceiver, startSmtpReceiver } from '../../test/receivers.ts';
import { closeEmailTransports } from '../notify/channels/email.ts';
import { fixedClock } from '../platform/clock.ts';

/**
 * Overdue runbook reviews (issue 22) on both databases, against a real SMTP server: the owner
 * team's managers (not its plain members) get one email per overdue review, however many engine
 * passes run; marking the runbook reviewed starts the interval again, and the next overdue review
 * is announced again.
 */
const T0 = Date.parse('2026-11-04T10:00:00Z');
const DAY = 86_400_000;
let smtp: SmtpReceiver;
const env: NodeJS.ProcessEnv = {
  TOCSIN_PUBLIC_URL: 'https://tocsin.example.com',
  TOCSIN_SMTP_FROM: 'Tocsin <tocsin@example.com>',
};

before(async () => {
  smtp = await startSmtpReceiver();
  env.TOCSIN_SMTP_URL = smtp.url;
});
after(async () => {
  closeEmailTransports();
  await smtp.close();
});

describeEachDialect(
  'runbook review reminders',
  (server) => {
    it("emails the owner team's managers once per overdue review", async () => {
      const { app } = server();
      const clock = server().clock as ReturnType<typeof fixedClock>;
      const team = await buildTeam(app);
      const manager = await buildUser(app, { role: 'responder' });
      const member = await buildUser(app, { role: 'responder' });
      await addMember(app, team.id, manager.id, 'manager');
      await addMember(app, team.id, member.id);
      const title = uniqueName('Cache flush');
      const rb = await api<{ id: string }>(app, 'POST', '/api/v1/runbooks', {
        body: { title, owner_team_id: team.id, review_interval_days: 1 },
      });
      assert.equal(rb.status, 201);
      const mails = () => smtp.messages.filter((m) => m.subject.includes(title));
      const pass = async () => {
        clock.advance(61_000);
        await server().tocsin.engine.drain();
      };

      await pass();
      assert.equal(mails().length, 0, 'not due yet');
      clock.advance(DAY);
      await pass();
      await pass();
      assert.equal(mails().length, 1, 'one email, however many passes');
      const mail = mails()[0]!;
      assert.deepEqual(mail.to, [manager.email]);
      assert.equal(mail.subject, `Runbook review overdue: ${title}`);
      assert.ok(mail.text.includes(`https://tocsin.example.com/runbooks/${rb.body.id}`));

      assert.equal((await api(app, 'POST', `/api/v1/runbooks/${rb.body.id}/review`)).status, 200);
      await pass();
      assert.equal(mails().length, 1, 'reviewed: nothing due');
      clock.advance(DAY);
      await pass();
      assert.equal(mails().length, 2, 'the next overdue review is announced again');
    });
  },
  { clock: () => fixedClock(T0), env },
);
