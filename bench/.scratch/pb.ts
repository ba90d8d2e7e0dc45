import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../src/platform/config.ts';
import { startTocsin } from '../../src/server.ts';
import { processBatch } from '../../src/ingest/process.ts';
import type { IngestEvent } from '../../src/ingest/event.ts';

const url = process.argv[2] ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'pb-')), 't.db')}`;
const t = await startTocsin(loadConfig({ TOCSIN_DATABASE_URL: url, TOCSIN_ADMIN_TOKEN: 'tcs_0123456789abcdef0123' }), { engine: false });
const app = t.app!;
const auth = { authorization: 'Bearer tcs_0123456789abcdef0123' };
const team = (await app.inject({ method: 'POST', url: '/api/v1/teams', headers: auth, payload: { name: 'T' } })).json<{ id: string }>();
const svc = (await app.inject({ method: 'POST', url: '/api/v1/services', headers: auth, payload: { name: 'S', team_id: team.id } })).json<{ id: string }>();
const integ = (await app.inject({ method: 'POST', url: `/api/v1/services/${svc.id}/integrations`, headers: auth, payload: { name: 'I', type: 'events-v2' } })).json<{ id: string }>();
const db = t.handle.db;
const dialect = t.handle.dialect;
let qn = 0;
const ev = (i: number): IngestEvent => ({
  serviceId: svc.id, integrationId: integ.id, integrationType: 'events-v2', action: 'trigger', dedupKey: `k${i}`,
  summary: `Disk ${i}`, severity: 'critical', source: `h${i}`, component: 'pg', group: 'g', class: 'disk',
  labels: {}, details: { a: 1 }, links: [], images: [], startedAt: Date.now(), endsAt: null, payload: { x: i },
});
const B = Number(process.argv[3] ?? 32);
for (const phase of ['new', 'repeat']) {
  let total = 0; const rounds = 40;
  for (let r = 0; r < rounds; r++) {
    const events = Array.from({ length: B }, (_, j) => ev(r * B + j));
    const t0 = performance.now();
    await db.transaction().execute((trx) => processBatch(trx, dialect, events, Date.now()));
    total += performance.now() - t0;
  }
  console.log(`${dialect} ${phase} batch ${B}: ${(total / rounds).toFixed(2)} ms/batch, ${(total / rounds / B * 1000).toFixed(0)} us/event`);
  // processBatch only, without commit: measure via rollback
  let t2 = 0;
  for (let r = 0; r < rounds; r++) {
    const events = Array.from({ length: B }, (_, j) => ev(r * B + j));
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => { await processBatch(trx, dialect, events, Date.now()); t2 += performance.now() - t0; throw new Error('rollback'); }).catch(() => undefined);
  }
  console.log(`   without commit: ${(t2 / rounds).toFixed(2)} ms/batch`);
}
void qn;
await t.close();
