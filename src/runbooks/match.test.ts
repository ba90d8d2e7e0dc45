import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type MatchableAlert,
  type RunbookTarget,
  bestRunbook,
  compileTarget,
  matchingRunbooks,
} from './match.ts';

const target = (id: string, t: Partial<RunbookTarget>): RunbookTarget => ({
  id,
  title: id,
  serviceIds: [],
  matchers: [],
  severities: [],
  sources: [],
  updatedAt: 0,
  ...t,
});
const alert = (labels: Record<string, string>, extra: Partial<MatchableAlert> = {}): MatchableAlert => ({
  serviceId: 'svc_a',
  labels,
  severity: 'critical',
  source: 'prometheus',
  ...extra,
});

describe('runbook matching', () => {
  const all = [
    target('service', { serviceIds: ['svc_a'] }),
    target('disk', { matchers: [{ name: 'alertname', op: '=', value: 'DiskFull' }] }),
    target('disk-db', {
      matchers: [
        { name: 'alertname', op: '=', value: 'DiskFull' },
        { name: 'instance', op: '=~', value: 'db-.*' },
      ],
    }),
    target('disk-warning', {
      matchers: [{ name: 'alertname', op: '=', value: 'DiskFull' }],
      severities: ['warning'],
    }),
    target('not-prod', { matchers: [{ name: 'env', op: '!=', value: 'prod' }], serviceIds: ['svc_b'] }),
    target('from-grafana', { serviceIds: ['svc_a'], sources: ['grafana'] }),
    target('library', {}),
  ].map(compileTarget);
  const ids = (a: MatchableAlert) => matchingRunbooks(all, a).map((c) => c.target.id);

  it('orders label runbooks before service runbooks, more conditions first', () => {
    assert.deepEqual(ids(alert({ alertname: 'DiskFull', instance: 'db-1' })), ['disk-db', 'disk', 'service']);
    assert.deepEqual(ids(alert({ alertname: 'DiskFull', instance: 'web-1' }, { severity: 'warning' })), [
      'disk-warning',
      'disk',
      'service',
    ]);
    assert.equal(bestRunbook(all, alert({ alertname: 'DiskFull', instance: 'db-1' }))?.id, 'disk-db');
  });

  it('holds every condition: service, severity, source, regex anchored, != on a missing label', () => {
    assert.deepEqual(ids(alert({ alertname: 'DiskFull', instance: 'xdb-1' })), ['disk', 'service']);
    assert.deepEqual(ids(alert({}, { source: 'grafana' })), ['from-grafana', 'service']);
    assert.deepEqual(ids(alert({}, { serviceId: 'svc_b' })), ['not-prod']);
    assert.deepEqual(ids(alert({ env: 'prod' }, { serviceId: 'svc_b' })), []);
    assert.deepEqual(ids(alert({}, { serviceId: 'svc_c' })), [], 'a library-only runbook matches nothing');
  });

  it('breaks ties by the latest edit, then by id', () => {
    const tied = [
      target('b', { serviceIds: ['svc_a'], updatedAt: 1 }),
      target('a', { serviceIds: ['svc_a'], updatedAt: 1 }),
      target('c', { serviceIds: ['svc_a'], updatedAt: 2 }),
    ].map(compileTarget);
    assert.deepEqual(
      matchingRunbooks(tied, alert({})).map((c) => c.target.id),
      ['c', 'a', 'b'],
    );
  });
});
