import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { auditActions } from '../../test/factories.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { applyConfig, planConfig } from './apply.ts';
import { exportConfig } from './export.ts';
import { ConfigError, loadConfigFiles, loadConfigTexts } from './load.ts';

/**
 * The status page in tocsin.yaml (issue 18): settings, groups and components are created and
 * changed through the admin API's actions (audited), the file's list order is the page order,
 * a second apply and an export round trip plan nothing, --prune deletes what the file dropped,
 * and a bad reference is reported at its line.
 */

const EXAMPLE_DIR = join(import.meta.dirname, '../../examples/small-company');
const KEYS = {
  TOCSIN_KEY_PROMETHEUS_DB: 'prometheus-db-key-0123456789',
  TOCSIN_KEY_PROMETHEUS_GATEWAY: 'prometheus-gw-key-0123456789',
  TOCSIN_KEY_PAYMENT_PROVIDER: 'payment-provider-key-0123456789',
};

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const load = (text: string) => loadConfigTexts([{ file: 'status.yaml', text }]).config;

const BASE = [
  'version: 1',
  'teams:',
  '  - name: Web',
  'services:',
  '  - name: Storefront',
  '    team: Web',
  'status_page:',
  '  name: Acme status',
  "  brand_color: '#0B7285'",
  '  time_zone: Europe/Berlin',
  'status_page_groups:',
  '  - name: Customer facing',
  '  - name: Internal',
  '    description: Tools we run for ourselves',
];

interface ComponentBody {
  id: string;
  name: string;
  group_id: string | null;
  service_id: string | null;
  position: number;
  showcase: boolean;
  status: string;
}

describeEachDialect('config: the status page', (server) => {
  const components = async () => {
    const all = await api<{ data: ComponentBody[] }>(
      server().app,
      'GET',
      '/api/v1/status-page/components?limit=100',
    );
    return [...all.body.data].sort((a, b) => a.position - b.position);
  };

  it('creates settings, groups and components in file order, audited, and a second apply plans nothing', async () => {
    const ctx = server().ctx('cli');
    const config = load(
      lines(
        ...BASE,
        'status_page_components:',
        '  - name: Website',
        '    group: Customer facing',
        '    service: Storefront',
        '  - name: Admin console',
        '    group: Internal',
        '    showcase: false',
        '  - name: API',
        '    group: Customer facing',
        'status_page_templates:',
        '  - name: Payments degraded',
        '    update_status: identified',
        "    title: '{{service}} payments are slow'",
        '    body: |',
        '      [UPDATE {{time}}] We found why {{component}} is slow and are fixing it.',
      ),
    );
    const first = await applyConfig({ ctx, input: { config } });
    const made = first.plan.changes
      .filter((c) => c.kind.startsWith('status_page'))
      .map((c) => `${c.op} ${c.name}`);
    assert.deepEqual(made.sort(), [
      'create API',
      'create Admin console',
      'create Customer facing',
      'create Internal',
      'create Payments degraded',
      'create Website',
      'update settings',
    ]);
    const templates = await api<{
      data: { name: string; update_status: string; title: string; body: string }[];
    }>(server().app, 'GET', '/api/v1/status-page/templates?limit=100');
    const mine = templates.body.data.find((t) => t.name === 'Payments degraded');
    assert.deepEqual(mine && { status: mine.update_status, title: mine.title, body: mine.body }, {
      status: 'identified',
      title: '{{service}} payments are slow',
      body: '[UPDATE {{time}}] We found why {{component}} is slow and are fixing it.\n',
    });

    const settings = await api<{ name: string; brand_color: string; time_zone: string }>(
      server().app,
      'GET',
      '/api/v1/status-page/settings',
    );
    assert.equal(settings.body.name, 'Acme status');
    assert.equal(settings.body.brand_color, '#0b7285');
    assert.equal(settings.body.time_zone, 'Europe/Berlin');

    const groups = await api<{
      data: { id: string; name: string; position: number; component_ids: string[] }[];
    }>(server().app, 'GET', '/api/v1/status-page/groups');
    const byName = new Map(groups.body.data.map((g) => [g.name, g]));
    const list = await components();
    assert.deepEqual(
      list.map((c) => c.name),
      ['Website', 'Admin console', 'API'],
    );
    const website = list[0]!;
    assert.equal(website.group_id, byName.get('Customer facing')!.id);
    assert.ok(website.service_id !== null, 'linked to the Storefront service');
    assert.equal(website.status, 'operational');
    assert.equal(list[1]!.showcase, false);
    assert.ok(byName.get('Customer facing')!.position < byName.get('Internal')!.position);
    assert.deepEqual(await auditActions(server().app, 'status_component', website.id), [
      'status_page.component.create',
    ]);

    const again = await planConfig({ ctx, input: { config } });
    assert.deepEqual(again.changes, []);
    const exported = await exportConfig({ ctx });
    assert.match(exported.yaml, /status_page_components:\n {2}- name: Website\n/);
    const roundTrip = await planConfig({
      ctx,
      input: { config: loadConfigTexts([{ file: 'export.yaml', text: exported.yaml }]).config },
    });
    assert.deepEqual(roundTrip.changes, [], exported.yaml);
  });

  it('reorders and regroups by the file, keeps a status set by hand, and prunes only with --prune', async () => {
    const ctx = server().ctx('cli');
    const api_ = (await components()).find((c) => c.name === 'API')!;
    const hand = await api(server().app, 'PATCH', `/api/v1/status-page/components/${api_.id}`, {
      body: { status: 'degraded_performance' },
    });
    assert.equal(hand.status, 200, JSON.stringify(hand.body));
    const text = lines(
      ...BASE,
      'status_page_components:',
      '  - name: API',
      '    group: Internal',
      '  - name: Website',
      '    group: Customer facing',
      '    service: Storefront',
    );
    const config = load(text);
    const plan = await planConfig({ ctx, input: { config } });
    const changes = plan.changes.map((c) => `${c.op} ${c.name} ${c.fields.map((f) => f.field).join(',')}`);
    assert.deepEqual(changes.sort(), ['update API group,position', 'update Website position']);
    // Admin console and the first admin; templates are not in this file, so not its business.
    assert.match(plan.notes.join('\n'), /2 objects in the database but not in the file/);

    await applyConfig({ ctx, input: { config } });
    const list = await components();
    assert.deepEqual(
      list.map((c) => c.name),
      ['API', 'Website', 'Admin console'],
    );
    assert.equal(list[0]!.status, 'degraded_performance', 'the file never sets a status');

    // Through the API as the admin, who as the applier is never pruned themselves.
    const pruned = await api<{ changes: { op: string; kind: string; name: string }[] }>(
      server().app,
      'POST',
      '/api/v1/config/apply',
      { body: { files: [{ name: 'status.yaml', content: text }], prune: true } },
    );
    assert.equal(pruned.status, 200, JSON.stringify(pruned.body));
    const deleted = pruned.body.changes.map((c) => `${c.op} ${c.kind}`);
    assert.deepEqual(
      pruned.body.changes.filter((c) => c.kind === 'status_page_components').map((c) => `${c.op} ${c.name}`),
      ['delete Admin console'],
    );
    // A file without status_page_templates leaves the templates alone, even with --prune.
    assert.deepEqual(deleted, ['delete status_page_components'], JSON.stringify(deleted));
    const templates = await api<{ data: unknown[] }>(server().app, 'GET', '/api/v1/status-page/templates');
    assert.equal(templates.body.data.length, 5, 'the four defaults and the one from the first file');
    assert.deepEqual(
      (await components()).map((c) => c.name),
      ['API', 'Website'],
    );
  });

  it('applies the example folder (tocsin.yaml and status-page.yaml) as one configuration', async () => {
    const ctx = server().ctx('cli');
    const { config, sources } = await loadConfigFiles(EXAMPLE_DIR);
    await applyConfig({ ctx, input: { config, sources, keys: KEYS } });
    const checkout = (await components()).find((c) => c.name === 'Checkout');
    assert.ok(checkout?.service_id, 'the Checkout component stands for the Checkout service');
    const again = await planConfig({ ctx, input: { config, sources, keys: KEYS } });
    assert.deepEqual(
      again.changes.filter((c) => c.kind.startsWith('status_page')),
      [],
    );
  });

  it('reports an unknown group or service, and a second status_page, at their lines', () => {
    const bad = lines(
      'version: 1',
      'status_page_components:',
      '  - name: Website',
      '    group: Nowhere',
      '    service: Missing',
    );
    assert.throws(
      () => loadConfigTexts([{ file: 'bad.yaml', text: bad }]),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const found = e.problems.map((p) => `${p.line} ${p.message}`);
        assert.deepEqual(found, [
          '4 status page group "Nowhere" is not defined',
          '5 service "Missing" is not defined',
        ]);
        return true;
      },
    );
    assert.throws(
      () =>
        loadConfigTexts([
          { file: 'a.yaml', text: lines('version: 1', 'status_page:', '  name: A') },
          { file: 'b.yaml', text: lines('version: 1', 'status_page:', '  name: B') },
        ]),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(
          e.problems.map((p) => `${p.file}:${p.line} ${p.message}`),
          ['b.yaml:2 status_page is defined twice'],
        );
        return true;
      },
    );
  });
});
