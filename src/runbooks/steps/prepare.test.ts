import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { finalRequest, prepareRequest, redact, shownRequest } from './prepare.ts';
import type { Vars } from './template.ts';

const vars = (labels: Record<string, string>): Vars => ({
  incident: {
    id: 'inc_1',
    ref: 'INC-1',
    title: 'Disk',
    severity: 'SEV2',
    status: 'triggered',
    url: 'https://t/incidents/INC-1',
  },
  service: { id: 'svc_1', name: 'Payments' },
  alert: { summary: 'disk "full"', source: 'prom', severity: 'critical' },
  labels,
  run: { id: 'rbr_1' },
});
const step = {
  method: 'POST',
  url: 'https://ops.example.com/hosts/{{labels.instance}}?i={{incident.ref}}',
  headers: JSON.stringify([
    { name: 'Authorization', value: 'Bearer {{secrets.token}}' },
    { name: 'X-Host', value: '{{labels.instance}}' },
    { name: 'Content-Type', value: 'application/json' },
  ]),
  body: '{"host":"{{labels.instance}}","why":"{{alert.summary}}","key":"{{secrets.token}}"}',
  timeout_ms: 5000,
  expected_status: null,
};
const secrets = new Map([['token', 'tok"en\\1234']]);

describe('a step request filled in', () => {
  it('escapes each value for where it goes: the URL encoded, JSON escaped in a JSON body', () => {
    const r = finalRequest(prepareRequest(step, vars({ instance: 'db 1/a' })), secrets);
    assert.equal(r.url, 'https://ops.example.com/hosts/db%201%2Fa?i=INC-1');
    assert.equal(r.headers.Authorization, 'Bearer tok"en\\1234');
    assert.deepEqual(JSON.parse(r.body!), { host: 'db 1/a', why: 'disk "full"', key: 'tok"en\\1234' });
  });

  it('never lets a label pull a secret in, or add a header with a line break', () => {
    const prepared = prepareRequest(step, vars({ instance: '{{secrets.token}}\r\nX-Evil: 1' }));
    const r = finalRequest(prepared, secrets);
    assert.equal(r.headers['X-Host'], '{{secrets.token}} X-Evil: 1');
    assert.equal(Object.keys(r.headers).length, 3);
    assert.ok(r.url.includes('%7B%7Bsecrets.token%7D%7D'), 'the label stays text in the URL');
    assert.ok(!r.url.includes('1234'), 'and the secret is not in it');
    assert.equal((JSON.parse(r.body!) as { host: string }).host, '{{secrets.token}}\r\nX-Evil: 1');
  });

  it('shows secrets as [secret:name] to people, and redacts them from answers in every form', () => {
    const shown = shownRequest(prepareRequest(step, vars({ instance: 'db-1' })));
    assert.equal(shown.headers[0]!.value, 'Bearer [secret:token]');
    assert.ok(shown.body!.includes('"key":"[secret:token]"'));
    const echoed = `got tok"en\\1234 and ${JSON.stringify('tok"en\\1234')} and ${encodeURIComponent('tok"en\\1234')}`;
    assert.equal(redact(echoed, ['tok"en\\1234']), 'got [redacted] and "[redacted]" and [redacted]');
  });
});
