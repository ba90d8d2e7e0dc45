import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type ReceivedRequest, startHttpReceiver, startSmtpReceiver } from '../../test/receivers.ts';
import { TEST_OUTBOUND } from '../../test/harness.ts';
import type { NotifyConfig } from '../platform/config.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import { closeEmailTransports, emailProvider } from './channels/email.ts';
import { providerFor } from './channels/index.ts';
import type { PageIncident, PageMessage, SendContext } from './channels/types.ts';
import { SMS_MAX_LENGTH, messageTitle, renderSms, renderText, renderVoice } from './render.ts';
import { verifyWebhookSignature } from './signature.ts';

/**
 * Status updates and overdue-update reminders through every channel: they carry their text, the
 * incident's headline, SEV, channel name and link, and never an acknowledge or resolve link.
 */

const NOW = Date.parse('2026-11-25T12:00:00Z');
const SECRET = 'tocsin-test-secret';
const TWILIO = { accountSid: 'AC0123456789abcdef', authToken: 'tw-token', from: '+15005550006' };

const incident: PageIncident = {
  id: 'inc_01JD8ZQ8X3K7V9N2M4P6R8T042',
  ref: 'INC-42',
  title: 'Checkout API errors',
  status: 'acknowledged',
  severity: 'critical',
  sev: 'SEV1',
  slug: 'inc-20261125-checkout-api',
  urgency: 'high',
  service: { id: 'svc_1', name: 'checkout-api' },
  summary: 'HTTP 500 on 30% of checkouts',
  runbookUrl: null,
  url: 'https://tocsin.example.com/incidents/INC-42',
  acknowledgeUrl: 'https://tocsin.example.com/actions/v1.ACK.mac',
  resolveUrl: 'https://tocsin.example.com/actions/v1.RES.mac',
  respondUrl: 'https://tocsin.example.com/actions/v1.RSP.mac',
  createdAt: NOW - 600_000,
};

const TEXT = 'We rolled back release 2026.11.25-3 & errors are dropping; next update at 12:30 <UTC>.';

const update: PageMessage = {
  kind: 'update',
  idempotencyKey: 'ntf_01JD8ZQ8X3K7V9N2M4P6R8TUPD',
  recipient: { userId: 'usr_1', name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'UTC' },
  incidents: [incident],
  at: NOW - 1000,
  text: TEXT,
};

const reminder: PageMessage = {
  ...update,
  kind: 'reminder',
  idempotencyKey: 'ntf_01JD8ZQ8X3K7V9N2M4P6R8TREM',
  text: `INC-42 (SEV1) "Checkout API errors": a status update was due at 11:55 UTC. Post one: ${incident.url}/updates`,
};

function ctx(config: Partial<NotifyConfig> = {}): SendContext {
  return {
    config: {
      smtpUrl: undefined,
      smtpFrom: 'Tocsin <tocsin@example.com>',
      twilio: undefined,
      timeoutMs: 5000,
      attempts: 3,
      retryBaseMs: 0,
      throttle: {},
      ...config,
    },
    secret: SECRET,
    outbound: TEST_OUTBOUND,
    signal: AbortSignal.timeout(5000),
    now: () => NOW,
  };
}

async function deliver(type: ContactMethodType, message: PageMessage): Promise<ReceivedRequest> {
  const hook = await startHttpReceiver({ respond: () => ({ status: 201, body: { ok: true } }) });
  try {
    const address = type === 'sms' || type === 'voice' ? '+447700900123' : `${hook.url}/hook`;
    const result = await providerFor(type).send(
      message,
      address,
      ctx({ twilio: { ...TWILIO, baseUrl: hook.url } }),
    );
    assert.equal(result.ok, true, JSON.stringify(result));
    return hook.requests[0]!;
  } finally {
    await hook.close();
  }
}

/** No action links anywhere: an update asks nobody to acknowledge anything. */
function noActionLinks(what: string, body: string): void {
  for (const url of [incident.acknowledgeUrl, incident.resolveUrl, incident.respondUrl]) {
    assert.ok(!body.includes(url), `${what} carries ${url}`);
  }
}

describe('status updates and reminders, rendered', () => {
  it('titles name the incident with its SEV', () => {
    assert.equal(messageTitle(update), '[Tocsin] Update on INC-42 (SEV1): Checkout API errors');
    assert.equal(messageTitle(reminder), '[Tocsin] INC-42 (SEV1): status update overdue');
  });

  it('the text body has the update, the facts, the channel and the incident link, no action links', () => {
    const text = renderText(update);
    for (const s of [
      TEXT,
      'SEV1',
      'acknowledged',
      '#inc-20261125-checkout-api',
      incident.url,
      'checkout-api',
    ]) {
      assert.ok(text.includes(s), `missing ${s}:\n${text}`);
    }
    noActionLinks('text', text);
    assert.match(
      renderText(reminder),
      /Post update: +https:\/\/tocsin\.example\.com\/incidents\/INC-42#updates/,
    );
    assert.match(renderText(reminder), /^Ada Lovelace, a status update on INC-42 \(SEV1\) is overdue\./);
  });

  it('an SMS keeps the link whole and the text within 320 characters, without URLs of its own', () => {
    const sms = renderSms(update);
    assert.equal(sms, `Tocsin INC-42 SEV1 update: ${TEXT}\n${incident.url}`);
    const long = renderSms({ ...update, text: `${'word '.repeat(200)} https://example.com/x` });
    assert.ok(long.length <= SMS_MAX_LENGTH, `${long.length}`);
    assert.ok(long.endsWith(`...\n${incident.url}`), long);
    assert.doesNotMatch(long, /example\.com\/x/);
    const due = renderSms(reminder);
    assert.ok(due.startsWith('Tocsin INC-42 SEV1 update overdue: INC-42 (SEV1)'), due);
    assert.ok(due.endsWith(`\nPost: ${incident.url}#updates`), due);
    assert.equal(due.split('https://').length, 2, 'only the post link');
  });

  it('a call reads the update without URLs', () => {
    const said = renderVoice(update);
    assert.match(
      said,
      /^This is Tocsin with a status update on Incident 42, severity 1, Checkout API errors\./,
    );
    assert.ok(said.includes('errors are dropping'));
    assert.doesNotMatch(renderVoice(reminder), /https?:/);
  });
});

describe('status updates and reminders, delivered', () => {
  after(() => closeEmailTransports());

  it('webhook: signed incident.update / incident.update_due with the text and no action links', async () => {
    const req = await deliver('webhook', update);
    const sig = String(req.headers['tocsin-signature']);
    assert.equal(verifyWebhookSignature(SECRET, sig, req.body, NOW / 1000), true);
    const json = req.json as { event: string; text: string; incidents: Record<string, unknown>[] };
    assert.equal(json.event, 'incident.update');
    assert.equal(json.text, TEXT);
    assert.equal(json.incidents.length, 1);
    assert.equal(json.incidents[0]!.sev, 'SEV1');
    assert.equal(json.incidents[0]!.slug, 'inc-20261125-checkout-api');
    assert.equal(json.incidents[0]!.url, incident.url);
    assert.equal('acknowledge_url' in json.incidents[0]!, false);
    noActionLinks('webhook', req.body);
    const due = (await deliver('webhook', reminder)).json as { event: string; text: string };
    assert.equal(due.event, 'incident.update_due');
    assert.equal(due.text, reminder.text);
  });

  it('slack, teams and discord show the text, SEV and channel with only an "open incident" link', async () => {
    for (const type of ['slack', 'teams', 'discord'] as const) {
      const req = await deliver(type, update);
      const body = req.body;
      noActionLinks(type, body);
      assert.ok(body.includes('SEV1'), `${type} names the SEV`);
      assert.ok(body.includes('#inc-20261125-checkout-api'), `${type} names the channel`);
      assert.ok(body.includes(incident.url), `${type} links the incident`);
      assert.ok(body.includes('errors are dropping'), `${type} carries the text`);
      assert.ok(!/Acknowledge|Resolve/.test(body), `${type} offers no action`);
    }
    const slack = (await deliver('slack', update)).json as {
      blocks: { type: string; text?: { text: string } }[];
    };
    assert.ok(
      slack.blocks.some((b) => b.type === 'section' && b.text?.text.includes('&amp; errors are dropping')),
      'the text is escaped for mrkdwn',
    );
  });

  it('email: subject, text and HTML carry the update; not marked urgent', async () => {
    const smtp = await startSmtpReceiver();
    try {
      const result = await emailProvider.send(update, 'ada@example.com', ctx({ smtpUrl: smtp.url }));
      assert.equal(result.ok, true);
      const [mail] = await smtp.waitFor(1);
      assert.equal(mail!.subject, '[Tocsin] Update on INC-42 (SEV1): Checkout API errors');
      assert.ok(mail!.text.includes(TEXT));
      assert.ok(mail!.html.includes('&amp; errors are dropping; next update at 12:30 &lt;UTC&gt;.'));
      noActionLinks('email', mail!.text + mail!.html);
      assert.notEqual(mail!.headers.get('priority'), 'high');
    } finally {
      await smtp.close();
    }
  });

  it('sms: the update text and the incident link', async () => {
    const req = await deliver('sms', update);
    const form = Object.fromEntries(new URLSearchParams(req.body));
    assert.equal(form.Body, renderSms(update));
  });
});
