import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildIntegration, buildService } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import type { ServiceView } from './schemas.ts';
import { DEFAULT_URGENCY_RULES, parseUrgencyRules, storedUrgencyRules, urgencyFor } from './urgency.ts';

describe('urgency rules', () => {
  it('default to critical and error high, warning and info low', () => {
    const rules = parseUrgencyRules(null);
    assert.deepEqual(
      (['critical', 'error', 'warning', 'info'] as const).map((s) => urgencyFor(rules, s)),
      ['high', 'high', 'low', 'low'],
    );
  });

  it('store only what differs from the defaults, and read back whole', () => {
    assert.equal(storedUrgencyRules({}), null);
    assert.equal(storedUrgencyRules({ critical: 'high', info: 'low' }), null);
    const stored = storedUrgencyRules({ warning: 'high' });
    assert.deepEqual(parseUrgencyRules(stored), { ...DEFAULT_URGENCY_RULES, warning: 'high' });
    assert.deepEqual(parseUrgencyRules('{"critical":"low"}'), { ...DEFAULT_URGENCY_RULES, critical: 'low' });
  });
});

describeEachDialect('service urgency rules', (server) => {
  it('are shown whole, replaced on update, and refuse unknown severities or urgencies', async () => {
    const { app } = server();
    const svc = await buildService(app, { urgency_rules: { warning: 'high' } });
    assert.deepEqual(svc.urgency_rules, { critical: 'high', error: 'high', warning: 'high', info: 'low' });
    const plain = await buildService(app);
    assert.deepEqual(plain.urgency_rules, DEFAULT_URGENCY_RULES);

    const updated = await api<ServiceView>(app, 'PATCH', `/api/v1/services/${svc.id}`, {
      body: { urgency_rules: { error: 'low' } },
    });
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.deepEqual(updated.body.urgency_rules, {
      critical: 'high',
      error: 'low',
      warning: 'low',
      info: 'low',
    });

    const badSeverity = await api<{ error: { message: string } }>(
      app,
      'PATCH',
      `/api/v1/services/${svc.id}`,
      {
        body: { urgency_rules: { fatal: 'high' } },
      },
    );
    assert.equal(badSeverity.status, 400);
    assert.match(badSeverity.body.error.message, /urgency_rules\.fatal/);
    const badUrgency = await api<{ error: { message: string } }>(app, 'PATCH', `/api/v1/services/${svc.id}`, {
      body: { urgency_rules: { info: 'urgent' } },
    });
    assert.equal(badUrgency.status, 400);
    assert.match(badUrgency.body.error.message, /urgency_rules\.info must be one of: high, low/);
  });

  it('decide the urgency of incidents opened by alerts', async () => {
    const { app } = server();
    const svc = await buildService(app, { urgency_rules: { warning: 'high', critical: 'low' } });
    const int = await buildIntegration(app, 'events-v2', {}, svc.id);
    for (const severity of ['critical', 'error', 'warning', 'info']) {
      const res = await api(app, 'POST', '/v2/enqueue', {
        token: null,
        body: {
          routing_key: int.key,
          event_action: 'trigger',
          dedup_key: severity,
          payload: { summary: `a ${severity} alert`, source: 'test', severity },
        },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
    }
    const incidents = await api<{ data: { title: string; urgency: string }[] }>(
      app,
      'GET',
      `/api/v1/incidents?service_id=${svc.id}`,
    );
    const byTitle = Object.fromEntries(incidents.body.data.map((i) => [i.title, i.urgency]));
    assert.deepEqual(byTitle, {
      'a critical alert': 'low',
      'a error alert': 'high',
      'a warning alert': 'high',
      'a info alert': 'low',
    });
  });
});
