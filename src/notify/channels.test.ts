import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { deriveKey } from '../platform/auth/keys.ts';
import type { NotifyConfig } from '../platform/config.ts';
import type { ContactMethodType } from '../platform/db/tables/users.ts';
import { TEST_OUTBOUND } from '../../test/harness.ts';
import {
  startHttpReceiver,
  startSmtpReceiver,
  type HttpReply,
  type ReceivedRequest,
} from '../../test/receivers.ts';
import { closeEmailTransports, emailProvider, escapeHtml } from './channels/email.ts';
import { providerFor } from './channels/index.ts';
import { smsProvider, voiceProvider } from './channels/twilio.ts';
import type { PageIncident, PageMessage, SendContext, SendResult } from './channels/types.ts';
import { messageTitle, renderSms, renderText, renderVoice, SMS_MAX_LENGTH } from './render.ts';
import { actionLinks } from './links.ts';
import { signWebhook, verifyWebhookSignature } from './signature.ts';

/** Each install's HKDF salt is random (settings `key_salt`); any fixed one serves a unit test. */
const SALT = 'test-install-salt';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const NOW_S = NOW / 1000;
const SECRET = 'tocsin-test-secret';
const TWILIO = { accountSid: 'AC0123456789abcdef', authToken: 'tw-token', from: '+15005550006' };

// Shaped like src/notify/links.ts output (`/actions/v1.<payload>.<43-char mac>`), kept short.
function actionUrl(n: number, action: 'a' | 'r' | 'x'): string {
  const payload = Buffer.from(`${n}:${action}`).toString('base64url');
  const mac = createHmac('sha256', 'k').update(payload).digest('base64url');
  return `https://tocsin.example.com/actions/v1.${payload}.${mac}`;
}

function incident(n: number, over: Partial<PageIncident> = {}): PageIncident {
  return {
    id: `inc_01JD8ZQ8X3K7V9N2M4P6R8T${n}`,
    ref: `INC-${n}`,
    title: 'Checkout API p99 latency above 2s',
    status: 'triggered',
    severity: 'critical',
    sev: 'SEV2',
    slug: 'inc-20261125-checkout-api',
    urgency: 'high',
    service: { id: 'svc_01JD8ZQ8X3K7V9N2M4P6R8T0AA', name: 'checkout-api' },
    summary:
      'p99 latency 2.4s > 2s on checkout-api (eu-west-1) & errors at 3%, see https://grafana.example.com/d/co',
    runbookUrl: 'https://wiki.example.com/runbooks/checkout?section=latency&lang=en',
    url: `https://tocsin.example.com/incidents/inc_01JD8ZQ8X3K7V9N2M4P6R8T${n}`,
    acknowledgeUrl: actionUrl(n, 'a'),
    resolveUrl: actionUrl(n, 'r'),
    respondUrl: actionUrl(n, 'x'),
    createdAt: NOW - 60_000,
    ...over,
  };
}

const recipient = {
  userId: 'usr_01JD8ZQ8X3K7V9N2M4P6R8T0UU',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  timeZone: 'Europe/London',
};

const page: PageMessage = {
  kind: 'page',
  idempotencyKey: 'ntf_01JD8ZQ8X3K7V9N2M4P6R8T0NN',
  recipient,
  incidents: [incident(42)],
  at: NOW - 1000,
};

const bundle: PageMessage = {
  kind: 'bundle',
  idempotencyKey: 'ntf_01JD8ZQ8X3K7V9N2M4P6R8T0BB',
  recipient,
  incidents: [
    incident(42),
    incident(43, {
      severity: 'warning',
      sev: 'SEV4',
      urgency: 'low',
      runbookUrl: null,
      summary: 'Disk 91% full on db-2',
    }),
    incident(44, {
      severity: 'error',
      sev: 'SEV3',
      service: { id: 'svc_2', name: 'payments' },
      summary: 'Card auth failures',
    }),
  ],
  at: NOW - 1000,
};

/** The incident with the links links.ts really makes: ~130 characters each under this public URL. */
function withRealLinks(i: PageIncident): PageIncident {
  return {
    ...i,
    ...actionLinks(
      'https://tocsin.example.com',
      deriveKey(SECRET, SALT, 'actionLinks'),
      { incidentId: i.id, userId: recipient.userId },
      NOW,
    ),
  };
}

function ctx(config: Partial<NotifyConfig> = {}, signal = AbortSignal.timeout(5000)): SendContext {
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
    signal,
    now: () => NOW,
  };
}

/** Sends once through a fresh receiver and hands back what the provider said and what arrived. */
async function deliver(
  type: ContactMethodType,
  message: PageMessage,
  opts: { reply?: HttpReply; path?: string; signal?: AbortSignal } = {},
): Promise<{ result: SendResult; requests: ReceivedRequest[] }> {
  const hook = await startHttpReceiver(opts.reply ? { respond: () => opts.reply! } : {});
  try {
    const twilio = { ...TWILIO, baseUrl: hook.url };
    const result = await providerFor(type).send(
      message,
      type === 'sms' || type === 'voice'
        ? '+447700900123'
        : `${hook.url}${opts.path ?? '/hook/T000/B000/XXXX'}`,
      ctx({ twilio }, opts.signal),
    );
    return { result, requests: hook.requests.slice() };
  } finally {
    await hook.close();
  }
}

// The parts of each chat payload the tests look at.
interface SlackText {
  type: string;
  text: string;
}
interface SlackButton {
  type: string;
  text: SlackText;
  url: string;
  action_id: string;
}
interface SlackBlock {
  type: string;
  text: SlackText;
  fields: SlackText[];
  elements: (SlackButton | SlackText)[];
}
interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}
interface CardAction {
  type: string;
  title: string;
  url: string;
}
interface CardElement {
  type: string;
  text?: string;
  facts?: { title: string; value: string }[];
  items?: CardElement[];
  actions?: CardAction[];
}
interface TeamsMessage {
  type: string;
  attachments: {
    contentType: string;
    content: { $schema: string; type: string; version: string; body: CardElement[]; actions: CardAction[] };
  }[];
}
interface DiscordMessage {
  content: string;
  embeds: {
    title: string;
    url: string;
    description: string;
    color: number;
    fields: { name: string; value: string; inline: boolean }[];
    timestamp: string;
  }[];
  allowed_mentions: { parse: string[] };
}

const OK = { ok: true, responseCode: 200, error: null, retryable: false };

describe('webhook signature', () => {
  const body = '{"event":"incident.page"}';

  it('signs as t=<unix>,v1=<hex hmac of "t.body"> and verifies', () => {
    const header = signWebhook(SECRET, body, 1_795_694_400);
    const mac = createHmac('sha256', SECRET).update(`1795694400.${body}`).digest('hex');
    assert.equal(header, `t=1795694400,v1=${mac}`);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 1_795_694_400 + 299), true);
  });

  it('refuses a tampered body, another secret, a stale timestamp and malformed headers', () => {
    const header = signWebhook(SECRET, body, 1_795_694_400);
    assert.equal(
      verifyWebhookSignature(SECRET, header, body.replace('page', 'bundle'), 1_795_694_400),
      false,
    );
    assert.equal(verifyWebhookSignature('other', header, body, 1_795_694_400), false);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 1_795_694_400 + 301), false);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 1_795_694_400 - 301), false);
    assert.equal(verifyWebhookSignature(SECRET, header, body, 1_795_694_400 + 1000, 2000), true);
    for (const bad of ['', 'v1=abc', 't=1795694400', header.replace(/v1=\w{4}/, 'v1=zzzz'), 'garbage']) {
      assert.equal(verifyWebhookSignature(SECRET, bad, body, 1_795_694_400), false, bad);
    }
  });

  it('accepts any one of several v1 entries (secret rotation)', () => {
    const good = signWebhook(SECRET, body, 1_795_694_400);
    const old = signWebhook('old-secret', body, 1_795_694_400).split(',')[1]!;
    assert.equal(verifyWebhookSignature(SECRET, `${good},${old}`, body, 1_795_694_400), true);
    assert.equal(verifyWebhookSignature(SECRET, `t=1795694400,${old}`, body, 1_795_694_400), false);
  });
});

describe('render', () => {
  it('titles a page by its incident and a bundle by its count', () => {
    assert.equal(
      messageTitle(page),
      '[Tocsin] INC-42 SEV2 critical: p99 latency 2.4s > 2s on checkout-api (eu-west-1) & errors at 3%, see https://grafana.example.com/d/co',
    );
    assert.equal(messageTitle(bundle), '[Tocsin] 3 incidents need you');
  });

  it('puts every field and link of every incident in the text body', () => {
    const text = renderText(bundle);
    for (const i of bundle.incidents) {
      for (const s of [i.ref, i.service.name, i.severity, i.urgency, i.url, i.acknowledgeUrl, i.resolveUrl]) {
        assert.ok(text.includes(s), `missing ${s}`);
      }
    }
    assert.match(text, /Runbook: +https:\/\/wiki\.example\.com\/runbooks\/checkout\?section=latency&lang=en/);
    assert.equal(text.match(/Runbook:/g)?.length, 2, 'INC-43 has no runbook line');
  });

  it('sends one page SMS as headline, runbook link and respond link, and no acknowledge/resolve links', () => {
    const i = incident(42, { summary: 'Disk 97% full on db-1' });
    const sms = renderSms({ ...page, incidents: [i] });
    assert.equal(
      sms,
      'Tocsin INC-42 SEV2 critical checkout-api: Disk 97% full on db-1\n' +
        'Runbook: https://wiki.example.com/runbooks/checkout?section=latency&lang=en\n' +
        `Respond: ${i.respondUrl}`,
    );
    assert.ok(!sms.includes(i.acknowledgeUrl) && !sms.includes(i.resolveUrl));
  });

  it('with real signed links, keeps the summary and the runbook link within 320 characters', () => {
    const i = withRealLinks(incident(42));
    assert.ok(i.respondUrl.length >= 125, `a realistic link: ${i.respondUrl.length}`);
    const sms = renderSms({ ...page, incidents: [i] });
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}`);
    const lines = sms.split('\n');
    assert.equal(lines.length, 3, sms);
    assert.equal(lines[1], `Runbook: ${i.runbookUrl}`);
    assert.equal(lines[2], `Respond: ${i.respondUrl}`);
    // The summary is cut to what is left, so the text uses the room it has.
    const m = /^Tocsin INC-42 SEV2 critical checkout-api: (.+)\.\.\.$/.exec(lines[0]!);
    assert.ok(m, lines[0]);
    assert.ok(i.summary.startsWith(m[1]!), m[1]);
    assert.ok(m[1]!.length >= 40, `summary kept: ${m[1]}`);
    assert.ok(sms.length >= SMS_MAX_LENGTH - 3, `${sms.length}: only a trimmed space may be unused`);
  });

  it('cuts a long summary with "...", never "…", keeping both links whole', () => {
    const i = withRealLinks(incident(42, { summary: 'x'.repeat(1000) }));
    const sms = renderSms({ ...page, incidents: [i] });
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}`);
    assert.match(sms, /^Tocsin INC-42 SEV2 critical checkout-api: x+\.\.\.\nRunbook: /);
    assert.ok(sms.includes(`\nRunbook: ${i.runbookUrl}\n`));
    assert.ok(sms.endsWith(`\nRespond: ${i.respondUrl}`));
    assert.doesNotMatch(sms, /…/, 'an ellipsis would force UCS-2 encoding');
  });

  it('leaves out a runbook link that does not fit whole, and gives its room to the summary', () => {
    const runbookUrl = `https://wiki.example.com/${'r'.repeat(150)}`;
    const i = withRealLinks(incident(42, { runbookUrl }));
    const sms = renderSms({ ...page, incidents: [i] });
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}`);
    assert.doesNotMatch(sms, /Runbook|wiki\.example\.com/, 'never a cut link');
    assert.ok(sms.endsWith(`\nRespond: ${i.respondUrl}`));
    assert.ok(sms.includes(`checkout-api: ${i.summary}`), 'the whole summary fits without the runbook');
  });

  it('has no runbook line when the incident has no runbook', () => {
    const i = withRealLinks(incident(42, { runbookUrl: null, summary: 'Disk 97% full on db-1' }));
    const sms = renderSms({ ...page, incidents: [i] });
    assert.equal(
      sms,
      `Tocsin INC-42 SEV2 critical checkout-api: Disk 97% full on db-1\nRespond: ${i.respondUrl}`,
    );
  });

  it('shortens a long service name rather than exceed the limit', () => {
    const i = withRealLinks(
      incident(1, {
        service: { id: 'svc_1', name: 'payments-checkout-api-eu-west-1-prod-blue-green-canary' },
        runbookUrl: `https://wiki.example.com/runbooks/${'p'.repeat(90)}`,
      }),
    );
    const sms = renderSms({ ...page, incidents: [i] });
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}: ${sms}`);
    assert.ok(sms.includes(`\nRunbook: ${i.runbookUrl}\n`), sms);
    assert.ok(sms.endsWith(`\nRespond: ${i.respondUrl}`));
    assert.match(sms, /^Tocsin INC-1 SEV2 critical payments-checkout[\w-]*\.\.\.(:|\n)/);
    assert.ok(!sms.includes(i.service.name), 'the name was shortened');
  });

  it('keeps an over-long respond link whole even past the limit, and drops the rest first', () => {
    const huge = `https://tocsin.example.com/actions/${'t'.repeat(400)}`;
    const sms = renderSms({ ...page, incidents: [incident(42, { respondUrl: huge })] });
    assert.equal(sms, `Tocsin INC-42 SEV2 critical\nRespond: ${huge}`);
  });

  it('stays within the limit when the respond link alone fits, however long it is', () => {
    for (const length of [200, 280, 290, 300, 305, 310, 315, 320]) {
      const url = `https://tocsin.example.com/actions/${'t'.repeat(length - 35)}`;
      assert.equal(url.length, length);
      for (const m of [
        { ...page, incidents: [incident(42, { respondUrl: url })] },
        {
          ...bundle,
          incidents: bundle.incidents.map((i) => ({
            ...i,
            respondUrl: `${url.slice(0, -1)}${i.ref.at(-1)}`,
          })),
        },
      ]) {
        const sms = renderSms(m);
        assert.ok(sms.length <= SMS_MAX_LENGTH, `${m.kind}, link of ${length}: ${sms.length}`);
        assert.ok(sms.includes(m.incidents[0]!.respondUrl), `${m.kind}, link of ${length}`);
      }
    }
  });

  it('never exceeds the limit, keeps links whole and writes no "…", across lengths', () => {
    const links = withRealLinks(incident(7));
    for (const service of ['db', 'checkout-api', 's'.repeat(80)]) {
      for (const summary of ['', 'short', 'é'.repeat(60), 'w '.repeat(200)]) {
        for (const runbookUrl of [
          null,
          'https://rb.example.com/x',
          `https://rb.example.com/${'y'.repeat(120)}`,
        ]) {
          const i = { ...links, service: { id: 'svc_1', name: service }, summary, runbookUrl };
          const sms = renderSms({ ...page, incidents: [i] });
          const what = JSON.stringify({ service, summary, runbookUrl, sms });
          assert.ok(sms.length <= SMS_MAX_LENGTH, what);
          assert.ok(sms.endsWith(`\nRespond: ${i.respondUrl}`), what);
          assert.ok(sms.startsWith('Tocsin INC-7 SEV2 critical'), what);
          assert.doesNotMatch(sms, /…/, what);
          if (runbookUrl !== null && sms.includes('Runbook')) {
            assert.ok(sms.includes(`\nRunbook: ${runbookUrl}\n`), what);
          }
        }
      }
    }
  });

  it('lists a bundle by ref in an SMS and adds a respond link per incident while they fit', () => {
    const sms = renderSms(bundle);
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}`);
    const lines = sms.split('\n');
    assert.equal(lines[0], 'Tocsin: 3 incidents need you: INC-42 SEV2, INC-43 SEV4, INC-44 SEV3');
    // The short fixture links: two fit, the third would pass 320.
    assert.deepEqual(lines.slice(1), [
      `Respond INC-42: ${bundle.incidents[0]!.respondUrl}`,
      `Respond INC-43: ${bundle.incidents[1]!.respondUrl}`,
    ]);
    assert.ok(sms.length + `\nRespond INC-44: ${bundle.incidents[2]!.respondUrl}`.length > SMS_MAX_LENGTH);
    for (const i of bundle.incidents) {
      assert.ok(!sms.includes(i.acknowledgeUrl) && !sms.includes(i.resolveUrl), i.ref);
    }

    const real = renderSms({ ...bundle, incidents: bundle.incidents.map(withRealLinks) });
    assert.ok(real.length <= SMS_MAX_LENGTH, `${real.length}`);
    // Real links (~130 characters): only the first fits, and it is always there.
    assert.deepEqual(real.split('\n').slice(1), [
      `Respond INC-42: ${withRealLinks(bundle.incidents[0]!).respondUrl}`,
    ]);
  });

  it('shortens the list of a large bundle so the first respond link always fits', () => {
    const many = Array.from({ length: 30 }, (_, k) => withRealLinks(incident(100 + k)));
    const sms = renderSms({ ...bundle, incidents: many });
    assert.ok(sms.length <= SMS_MAX_LENGTH, `${sms.length}`);
    const [head, first, ...rest] = sms.split('\n');
    assert.match(head!, /^Tocsin: 30 incidents need you: INC-100 SEV2, .*, \+\d+ more$/);
    assert.ok(head!.length <= SMS_MAX_LENGTH / 2, head);
    assert.equal(first, `Respond INC-100: ${many[0]!.respondUrl}`);
    assert.equal(rest.length, 0, 'a second real link would not fit');
  });

  it('speaks no URL and names the incident as words', () => {
    for (const m of [page, bundle]) {
      const script = renderVoice(m);
      assert.doesNotMatch(script, /https?:|www\.|\.com/);
      assert.match(script, /Incident 42/);
    }
    assert.match(renderVoice(bundle), /3 incidents need you, Ada Lovelace/);
  });

  it('says what a postmortem reminder is about, in the title, the SMS and a call', () => {
    const due: PageMessage = {
      ...page,
      kind: 'postmortem',
      text: 'The postmortem of INC-42 "Checkout down" is due Mon 7 Dec, 09:30 CET. Finish it: https://tocsin.example.com/postmortems/pm_1',
    };
    assert.equal(messageTitle(due), '[Tocsin] INC-42 (SEV2): postmortem due');
    const sms = renderSms(due);
    assert.match(sms, /postmortem due/);
    assert.match(sms, /is due Mon 7 Dec, 09:30 CET/);
    assert.doesNotMatch(sms, /acknowledge|resolve/i, 'a reminder carries no action links');
    assert.match(
      renderVoice(due),
      /^This is Tocsin for Ada Lovelace\. The postmortem of Incident 42, severity 2, .* is due\./,
    );
    assert.match(renderText(due), /Ada Lovelace, the postmortem of INC-42 \(SEV2\) is due\./);
    assert.match(renderText(due), /as the owner of the postmortem/);
  });
});

describe('providers deliver to real receivers', () => {
  after(() => closeEmailTransports());

  it('has a provider of the right type for every contact method type', () => {
    const types: ContactMethodType[] = ['webhook', 'slack', 'teams', 'discord', 'email', 'sms', 'voice'];
    for (const t of types) assert.equal(providerFor(t).type, t);
  });

  it('webhook: signed snake_case JSON with idempotency headers', async () => {
    const { result, requests } = await deliver('webhook', page);
    assert.deepEqual(result, OK);
    assert.equal(requests.length, 1);
    const req = requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/hook/T000/B000/XXXX');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['idempotency-key'], page.idempotencyKey);
    assert.equal(req.headers['user-agent'], 'Tocsin');
    const sig = String(req.headers['tocsin-signature']);
    assert.match(sig, /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.equal(verifyWebhookSignature(SECRET, sig, req.body, NOW_S), true);
    assert.equal(verifyWebhookSignature(SECRET, sig, req.body.replace('critical', 'info'), NOW_S), false);
    assert.deepEqual(req.json, {
      event: 'incident.page',
      idempotency_key: page.idempotencyKey,
      recipient: {
        user_id: recipient.userId,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        time_zone: 'Europe/London',
      },
      incidents: [
        {
          id: 'inc_01JD8ZQ8X3K7V9N2M4P6R8T42',
          ref: 'INC-42',
          title: 'Checkout API p99 latency above 2s',
          status: 'triggered',
          severity: 'critical',
          sev: 'SEV2',
          slug: 'inc-20261125-checkout-api',
          urgency: 'high',
          service: { id: 'svc_01JD8ZQ8X3K7V9N2M4P6R8T0AA', name: 'checkout-api' },
          summary: page.incidents[0]!.summary,
          runbook_url: page.incidents[0]!.runbookUrl,
          url: page.incidents[0]!.url,
          acknowledge_url: page.incidents[0]!.acknowledgeUrl,
          resolve_url: page.incidents[0]!.resolveUrl,
          respond_url: page.incidents[0]!.respondUrl,
          created_at: '2026-11-25T11:59:00.000Z',
        },
      ],
      sent_at: '2026-11-25T12:00:00.000Z',
    });
  });

  it('webhook: a bundle is incident.bundle with every incident', async () => {
    const { result, requests } = await deliver('webhook', bundle);
    assert.equal(result.ok, true);
    const json = requests[0]!.json as {
      event: string;
      incidents: { ref: string; runbook_url: string | null }[];
    };
    assert.equal(json.event, 'incident.bundle');
    assert.deepEqual(
      json.incidents.map((i) => [i.ref, i.runbook_url === null]),
      [
        ['INC-42', false],
        ['INC-43', true],
        ['INC-44', false],
      ],
    );
    assert.equal(requests[0]!.headers['idempotency-key'], bundle.idempotencyKey);
  });

  it('slack: Block Kit with header, fields, link buttons to the signed URLs and a context', async () => {
    const { result, requests } = await deliver('slack', page);
    assert.deepEqual(result, OK);
    const json = requests[0]!.json as SlackMessage;
    const i = page.incidents[0]!;
    assert.equal(
      json.text,
      '[Tocsin] INC-42 SEV2 critical: p99 latency 2.4s &gt; 2s on checkout-api (eu-west-1) &amp; errors at 3%, see https://grafana.example.com/d/co',
    );
    assert.deepEqual(
      json.blocks.map((b) => b.type),
      ['header', 'section', 'actions', 'context'],
    );
    const [header, section, actions, context] = json.blocks as [
      SlackBlock,
      SlackBlock,
      SlackBlock,
      SlackBlock,
    ];
    assert.equal(header.text.type, 'plain_text');
    assert.ok(header.text.text.length <= 150);
    assert.ok(header.text.text.startsWith('[Tocsin] INC-42 SEV2 critical: p99 latency 2.4s > 2s'));
    assert.equal(section.text.type, 'mrkdwn');
    assert.ok(section.text.text.startsWith(`*<${i.url}|INC-42: Checkout API p99 latency above 2s>*\n`));
    assert.ok(section.text.text.includes('2.4s &gt; 2s'), 'user text is escaped for mrkdwn');
    assert.deepEqual(
      section.fields.map((f) => [f.type, f.text]),
      [
        ['mrkdwn', '*Service*\ncheckout-api'],
        ['mrkdwn', '*Severity*\nSEV2 critical'],
        ['mrkdwn', '*Urgency*\nhigh'],
        ['mrkdwn', '*Status*\ntriggered'],
        ['mrkdwn', '*Channel*\n#inc-20261125-checkout-api'],
      ],
    );
    const buttons = actions.elements as SlackButton[];
    assert.ok(
      buttons.every((b) => b.type === 'button' && b.text.type === 'plain_text' && b.action_id !== ''),
    );
    assert.deepEqual(
      buttons.map((b) => [b.text.text, b.url]),
      [
        ['Acknowledge', i.acknowledgeUrl],
        ['Resolve', i.resolveUrl],
        ['Open incident', i.url],
        ['Runbook', i.runbookUrl],
      ],
    );
    assert.equal(new Set(buttons.map((b) => b.action_id)).size, buttons.length, 'action_ids are unique');
    const note = context.elements[0] as SlackText;
    assert.equal(note.type, 'mrkdwn');
    assert.match(note.text, /Ada Lovelace/);
  });

  it('slack: a bundle has one actions block per incident with its own links', async () => {
    const { requests } = await deliver('slack', bundle);
    const json = requests[0]!.json as SlackMessage;
    assert.equal(json.blocks[0]!.text.text, '[Tocsin] 3 incidents need you');
    const actions = json.blocks.filter((b) => b.type === 'actions').map((b) => b.elements as SlackButton[]);
    assert.deepEqual(
      actions.map((buttons) => buttons.slice(0, 2).map((b) => b.url)),
      bundle.incidents.map((i) => [i.acknowledgeUrl, i.resolveUrl]),
    );
    const ids = actions.flat().map((b) => b.action_id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('teams: an Adaptive Card 1.4 message with facts and OpenUrl actions', async () => {
    const { result, requests } = await deliver('teams', page);
    assert.deepEqual(result, OK);
    const json = requests[0]!.json as TeamsMessage;
    const i = page.incidents[0]!;
    assert.equal(json.type, 'message');
    assert.equal(json.attachments.length, 1);
    const { contentType, content } = json.attachments[0]!;
    assert.equal(contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(content.type, 'AdaptiveCard');
    assert.equal(content.version, '1.4');
    assert.equal(content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
    assert.equal(content.body[0]!.type, 'TextBlock');
    assert.ok(content.body[0]!.text!.startsWith('[Tocsin] INC-42 SEV2 critical'));
    const facts = content.body.find((b) => b.type === 'FactSet')!.facts!;
    assert.deepEqual(facts[0], { title: 'Service', value: 'checkout-api' });
    assert.deepEqual(
      content.actions.map((a) => [a.type, a.title, a.url]),
      [
        ['Action.OpenUrl', 'Acknowledge', i.acknowledgeUrl],
        ['Action.OpenUrl', 'Resolve', i.resolveUrl],
        ['Action.OpenUrl', 'Open incident', i.url],
        ['Action.OpenUrl', 'Runbook', i.runbookUrl],
      ],
    );
  });

  it('teams: a bundle has a container with its own ActionSet per incident', async () => {
    const { requests } = await deliver('teams', bundle);
    const content = (requests[0]!.json as TeamsMessage).attachments[0]!.content;
    const containers = content.body.filter((b) => b.type === 'Container');
    assert.equal(containers.length, 3);
    assert.deepEqual(
      containers.map((c) =>
        c
          .items!.find((x) => x.type === 'ActionSet')!
          .actions!.slice(0, 2)
          .map((a) => a.url),
      ),
      bundle.incidents.map((i) => [i.acknowledgeUrl, i.resolveUrl]),
    );
  });

  it('discord: content plus a severity-coloured embed, mentions disabled', async () => {
    const { result, requests } = await deliver('discord', page);
    assert.deepEqual(result, OK);
    const json = requests[0]!.json as DiscordMessage;
    const i = page.incidents[0]!;
    assert.deepEqual(json.allowed_mentions, { parse: [] });
    assert.ok(json.content.includes('INC-42 SEV2 critical'));
    assert.equal(json.embeds.length, 1);
    const e = json.embeds[0]!;
    assert.equal(e.title, 'INC-42: Checkout API p99 latency above 2s');
    assert.equal(e.url, i.url);
    assert.equal(e.color, 0xd32f2f);
    assert.ok(e.description.includes('2.4s \\> 2s'), 'markdown in alert text is escaped');
    assert.deepEqual(
      e.fields.map((f) => f.name),
      ['Service', 'Severity', 'Urgency', 'Status', 'Channel', 'Respond'],
    );
    const respond = e.fields[5]!.value;
    assert.ok(respond.includes(`[Acknowledge](${i.acknowledgeUrl})`));
    assert.ok(respond.includes(`[Resolve](${i.resolveUrl})`));
    assert.equal(e.timestamp, '2026-11-25T11:59:00.000Z');
  });

  it('discord: a bundle has one embed per incident coloured by its severity', async () => {
    const { requests } = await deliver('discord', bundle);
    const json = requests[0]!.json as DiscordMessage;
    assert.deepEqual(
      json.embeds.map((e) => [e.url, e.color]),
      [
        [bundle.incidents[0]!.url, 0xd32f2f],
        [bundle.incidents[1]!.url, 0xfbc02d],
        [bundle.incidents[2]!.url, 0xf57c00],
      ],
    );
  });

  it('email: subject, text and HTML with the links, and Message-ID from the idempotency key', async () => {
    const smtp = await startSmtpReceiver();
    try {
      const result = await emailProvider.send(page, 'ada@example.com', ctx({ smtpUrl: smtp.url }));
      assert.deepEqual(result, { ok: true, responseCode: 250, error: null, retryable: false });
      const [mail] = await smtp.waitFor(1);
      const i = page.incidents[0]!;
      assert.equal(mail!.subject, messageTitle(page));
      assert.match(mail!.from, /^"?Tocsin"? <tocsin@example\.com>$/);
      assert.deepEqual(mail!.to, ['ada@example.com']);
      assert.deepEqual(mail!.envelope, { from: 'tocsin@example.com', to: ['ada@example.com'] });
      assert.equal(mail!.messageId, `<${page.idempotencyKey}@tocsin>`);
      for (const url of [i.url, i.acknowledgeUrl, i.resolveUrl, i.runbookUrl!]) {
        assert.ok(mail!.text.includes(url), `text lacks ${url}`);
        assert.ok(mail!.html.includes(`href="${escapeHtml(url)}"`), `html lacks ${url}`);
      }
      assert.ok(mail!.html.includes('section=latency&amp;lang=en'), 'attribute values are escaped');
      assert.ok(mail!.html.includes('2.4s &gt; 2s'), 'alert text is escaped');
      assert.equal(mail!.headers.get('auto-submitted'), 'auto-generated');
      assert.equal(mail!.headers.get('x-tocsin-incidents'), 'INC-42');
      assert.equal(mail!.headers.get('priority'), 'high');
    } finally {
      await smtp.close();
    }
  });

  it('email: a bundle names the count and carries every incident', async () => {
    const smtp = await startSmtpReceiver();
    try {
      const result = await emailProvider.send(bundle, 'ada@example.com', ctx({ smtpUrl: smtp.url }));
      assert.equal(result.ok, true);
      const [mail] = await smtp.waitFor(1);
      assert.equal(mail!.subject, '[Tocsin] 3 incidents need you');
      assert.equal(mail!.messageId, `<${bundle.idempotencyKey}@tocsin>`);
      for (const i of bundle.incidents) {
        assert.ok(mail!.text.includes(i.acknowledgeUrl) && mail!.html.includes(i.resolveUrl), i.ref);
      }
    } finally {
      await smtp.close();
    }
  });

  it('sms: form-encoded Messages.json with Basic auth, within 320 characters, summary, runbook and respond link', async () => {
    const reply = { status: 201, body: { sid: 'SM123', status: 'queued' } };
    const real = { ...page, incidents: page.incidents.map(withRealLinks) };
    const { result, requests } = await deliver('sms', real, { reply });
    assert.deepEqual(result, { ok: true, responseCode: 201, error: null, retryable: false });
    const req = requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, `/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`);
    assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(
      req.headers.authorization,
      `Basic ${Buffer.from('AC0123456789abcdef:tw-token').toString('base64')}`,
    );
    assert.equal(req.headers['i-twilio-idempotency-token'], page.idempotencyKey);
    assert.equal(req.headers['idempotency-key'], page.idempotencyKey);
    const form = Object.fromEntries(new URLSearchParams(req.body));
    assert.deepEqual(Object.keys(form).sort(), ['Body', 'From', 'To']);
    assert.equal(form.To, '+447700900123');
    assert.equal(form.From, TWILIO.from);
    const i = real.incidents[0]!;
    assert.equal(form.Body, renderSms(real));
    assert.ok(form.Body.length <= SMS_MAX_LENGTH, `${form.Body.length}`);
    assert.ok(form.Body.startsWith('Tocsin INC-42 SEV2 critical checkout-api: p99 latency'));
    assert.ok(form.Body.includes(`\nRunbook: ${i.runbookUrl}\n`));
    assert.ok(form.Body.endsWith(`\nRespond: ${i.respondUrl}`));
    assert.ok(!form.Body.includes(i.acknowledgeUrl) && !form.Body.includes(i.resolveUrl));
  });

  it('voice: Calls.json with TwiML that says the page without any URL', async () => {
    const { result, requests } = await deliver('voice', page, {
      reply: { status: 201, body: { sid: 'CA1' } },
    });
    assert.equal(result.ok, true);
    const req = requests[0]!;
    assert.equal(req.path, `/2010-04-01/Accounts/${TWILIO.accountSid}/Calls.json`);
    assert.equal(req.headers['i-twilio-idempotency-token'], page.idempotencyKey);
    const form = Object.fromEntries(new URLSearchParams(req.body));
    assert.deepEqual(Object.keys(form).sort(), ['From', 'To', 'Twiml']);
    const m = /^<Response><Say loop="2">([^<>]*)<\/Say><\/Response>$/.exec(form.Twiml!);
    assert.ok(m, form.Twiml);
    const said = m[1]!;
    assert.doesNotMatch(said, /&(?!(amp|lt|gt|quot|apos);)/, 'every & starts an entity');
    assert.ok(said.includes('2.4s &gt; 2s') && said.includes('&amp; errors'), 'text is XML-escaped');
    assert.doesNotMatch(said, /https?:|www\.|example\.com/);
    assert.match(
      said,
      /^This is Tocsin with a severity 2, critical, high urgency page for Ada Lovelace\. Incident 42 on service checkout-api/,
    );
  });
});

describe('delivery results', () => {
  after(() => closeEmailTransports());

  for (const [status, retryable] of [
    [500, true],
    [503, true],
    [429, true],
    [408, true],
    [404, false],
    [400, false],
    [401, false],
  ] as const) {
    it(`HTTP ${status} -> ${retryable ? 'retryable' : 'not retryable'}`, async () => {
      const { result, requests } = await deliver('webhook', page, {
        reply: { status, body: `receiver says ${status}` },
      });
      assert.equal(requests.length, 1);
      assert.deepEqual(result, {
        ok: false,
        responseCode: status,
        error: `HTTP ${status}`,
        retryable,
      });
    });
  }

  it('every HTTP channel maps answers the same way', async () => {
    for (const type of ['webhook', 'slack', 'teams', 'discord', 'sms', 'voice'] as const) {
      const down = await deliver(type, page, { reply: { status: 502, body: 'bad gateway' } });
      assert.deepEqual([down.result.retryable, down.result.responseCode], [true, 502], type);
      const gone = await deliver(type, page, { reply: { status: 410, body: 'no such webhook' } });
      assert.deepEqual([gone.result.retryable, gone.result.responseCode], [false, 410], type);
      assert.equal(gone.requests[0]!.headers['idempotency-key'], page.idempotencyKey, type);
      assert.equal(gone.requests[0]!.headers['user-agent'], 'Tocsin', type);
    }
  });

  it('never quotes the answer: receivers are whatever address a responder typed', async () => {
    const body = `line one\n\n${'y'.repeat(5000)}`;
    const { result } = await deliver('webhook', page, { reply: { status: 500, body } });
    assert.equal(result.error, 'HTTP 500');
  });

  it("Twilio's answer gives its numeric error code only", async () => {
    const answer = { code: 21211, message: 'The To number SECRET-WORDS is not valid', status: 400 };
    const { result } = await deliver('sms', page, { reply: { status: 400, body: answer } });
    assert.equal(result.error, 'HTTP 400, Twilio error 21211');
    const prose = await deliver('sms', page, { reply: { status: 400, body: 'SECRET-WORDS' } });
    assert.equal(prose.result.error, 'HTTP 400');
  });

  it('a receiver slower than the timeout -> retryable timeout, no response code', async () => {
    const started = Date.now();
    const { result, requests } = await deliver('webhook', page, {
      reply: { status: 200, delayMs: 3000 },
      signal: AbortSignal.timeout(150),
    });
    assert.equal(requests.length, 1, 'the request did arrive');
    assert.deepEqual(result, { ok: false, responseCode: null, error: 'timed out', retryable: true });
    assert.ok(Date.now() - started < 2000, 'gave up at the timeout');
  });

  it('connection refused -> retryable network error', async () => {
    const hook = await startHttpReceiver();
    await hook.close();
    const result = await providerFor('slack').send(page, `${hook.url}/services/T/B/secret`, ctx());
    assert.equal(result.ok, false);
    assert.equal(result.retryable, true);
    assert.equal(result.responseCode, null);
    assert.match(result.error!, /^network error: .*ECONNREFUSED/);
    assert.doesNotMatch(result.error!, /secret/, 'webhook URLs are credentials and stay out of errors');
  });

  it('an invalid address or a redirect -> not retryable', async () => {
    const bad = await providerFor('discord').send(page, 'not a url/with-token', ctx());
    assert.deepEqual(bad, { ok: false, responseCode: null, error: 'invalid URL', retryable: false });
    const ftp = await providerFor('webhook').send(page, 'ftp://example.com/x', ctx());
    assert.equal(ftp.retryable, false);
    const moved = await deliver('webhook', page, { reply: { status: 301, body: 'moved' } });
    assert.equal(moved.requests.length, 1, 'the redirect is not followed');
    assert.deepEqual(
      [moved.result.ok, moved.result.retryable, moved.result.responseCode],
      [false, false, 301],
    );
  });

  it('SMTP 550 -> not retryable; 451 -> retryable; refused connection -> retryable', async () => {
    for (const [code, retryable] of [
      [550, false],
      [451, true],
    ] as const) {
      const smtp = await startSmtpReceiver({ rejectWith: code });
      try {
        const result = await emailProvider.send(page, 'ada@example.com', ctx({ smtpUrl: smtp.url }));
        assert.equal(result.ok, false);
        assert.equal(result.responseCode, code);
        assert.equal(result.retryable, retryable, `${code}`);
        assert.match(result.error!, new RegExp(`^SMTP ${code}: `));
        assert.equal(smtp.messages.length, 0);
      } finally {
        await smtp.close();
      }
    }
    const smtp = await startSmtpReceiver();
    await smtp.close();
    const refused = await emailProvider.send(page, 'ada@example.com', ctx({ smtpUrl: smtp.url }));
    assert.deepEqual([refused.ok, refused.retryable, refused.responseCode], [false, true, null]);
    assert.match(refused.error!, /ECONNREFUSED/);
  });

  it('unconfigured email and Twilio -> not retryable, naming the settings to set', async () => {
    const email = await emailProvider.send(page, 'ada@example.com', ctx());
    assert.deepEqual([email.ok, email.retryable, email.responseCode], [false, false, null]);
    assert.match(email.error!, /TOCSIN_SMTP_URL/);
    for (const provider of [smsProvider, voiceProvider]) {
      const r = await provider.send(page, '+447700900123', ctx());
      assert.deepEqual([r.ok, r.retryable, r.responseCode], [false, false, null]);
      assert.match(r.error!, /TOCSIN_TWILIO_ACCOUNT_SID.*TOCSIN_TWILIO_AUTH_TOKEN.*TOCSIN_TWILIO_FROM/);
    }
  });
});
