import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import Parser from 'rss-parser';
import { fixedClock } from '../../platform/clock.ts';
import { api, describeEachDialect } from '../../../test/harness.ts';
import { NOW, PUBLIC_URL, type Scenario, at, seedScenario } from '../../../test/status-page-scenario.ts';
import { insertPublicIncident } from '../../../test/status-page-factories.ts';
import { publicPageCache } from './routes.ts';

/** The server-rendered pages (/status, history, one incident) and the RSS and Atom feeds. */

describeEachDialect(
  'status page HTML and feeds',
  (server) => {
    let s: Scenario;
    const page = async (path: string, status = 200) => {
      const res = await api<string>(server().app, 'GET', path, {
        token: null,
        headers: { accept: 'text/html' },
      });
      assert.equal(res.status, status, path);
      return res;
    };
    before(async () => {
      s = await seedScenario(server());
      publicPageCache(server().app.deps).invalidate();
    });

    it('/status: name, banner, incidents with their updates, components with uptime bars, the subscribe form', async () => {
      const { body, headers } = await page('/status');
      assert.match(String(headers['content-type']), /^text\/html/);
      assert.match(body, /<title>Status · Acme<\/title>/);
      assert.match(body, /<h1 class="banner major">Partial System Outage<\/h1>/);
      assert.match(body, /Active incidents[\s\S]*Elevated API errors[\s\S]*The cause is a bad deploy/);
      assert.match(body, /Maintenance in progress[\s\S]*Billing database upgrade/);
      assert.match(body, /Scheduled maintenance[\s\S]*Web server patching/);
      // API: in a partial outage for the last hour of today; 1 Oct 10:00 is when it was created.
      assert.match(
        body,
        /title="5 Dec: 1 h partial outage"><span class="vh">5 Dec: 1 h partial outage<\/span>/,
      );
      assert.match(body, /title="4 Dec: no downtime"/);
      assert.match(body, /title="6 Sep: no data"|title="7 Sep: no data"/);
      assert.equal((body.match(/aria-label="API: the last 90 days, oldest first"/g) ?? []).length, 1);
      assert.doesNotMatch(body, /aria-label="Billing: the last/, 'showcase off: no bars');
      assert.doesNotMatch(body, /class="name">Docs</, 'only shown when degraded');
      assert.match(
        body,
        /<time datetime="2026-12-05T11:30:00.000Z" data-local>5 Dec 2026, 11:30 UTC<\/time>/,
      );
      assert.match(body, /<form method="post" action="\/status\/subscribe">[\s\S]*name="email"/);
      assert.match(body, /name="webhook_url"/);
      assert.match(body, /--brand:#0b7285/);
    });

    it('renders update Markdown safely and runs no inline script', async () => {
      const { body, headers } = await page('/status');
      assert.match(body, /We are <strong>investigating<\/strong> errors/);
      assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.doesNotMatch(body, /href="javascript:/i);
      const scripts = body.match(/<script[^>]*>/g) ?? [];
      assert.deepEqual(scripts, ['<script src="/status/local-time.js" defer>']);
      assert.match(String(headers['content-security-policy']), /script-src 'self'/);
      const js = await api<string>(server().app, 'GET', '/status/local-time.js', { token: null });
      assert.match(String(js.headers['content-type']), /javascript/);
      assert.match(js.body, /time\[data-local\]/);
    });

    it('an incident page, for maintenance too; unknown ones are a 404 page', async () => {
      const incident = (await page(`/status/incidents/${s.open}`)).body;
      assert.match(incident, /Incident report[\s\S]*Elevated API errors/);
      assert.match(incident, /Affected: API/);
      const maintenance = (await page(`/status/incidents/${s.active}`)).body;
      assert.match(
        maintenance,
        /Scheduled maintenance[\s\S]*Scheduled <time[^>]*>5 Dec 2026, 11:00 UTC<\/time> to/,
      );
      await page('/status/incidents/spi_01ARZ3NDEKTSV4RRFFQ69G5FAV', 404);
      await page('/status/incidents/nope', 404);
      await page('/status/nothing-here', 404);
    });

    it('history pages, newest first, 20 a page', async () => {
      const first = (await page('/status/history')).body;
      assert.match(
        first,
        /Elevated API errors[\s\S]*Web server patching[\s\S]*Billing database upgrade[\s\S]*Login failures/,
      );
      assert.doesNotMatch(first, /rel="next"/);
      for (let n = 0; n < 20; n++) {
        await insertPublicIncident(server().tdb.db, {
          name: `Old incident ${n}`,
          status: 'resolved',
          at: at('2026-11-01T00:00:00Z') + n * 60_000,
          updates: [{ status: 'resolved', body: 'Done.', at: at('2026-11-01T01:00:00Z') }],
        });
      }
      publicPageCache(server().app.deps).invalidate();
      const again = (await page('/status/history')).body;
      assert.match(again, /rel="next"/);
      const second = (await page('/status/history?page=2')).body;
      assert.match(second, /Old incident 0/);
      assert.doesNotMatch(second, /Old incident 19/);
      assert.match(second, /rel="prev"/);
      await page('/status/history?page=0', 404);
      await page('/status/history?page=abc', 404);
    });

    it('RSS 2.0 and Atom 1.0 feeds parse with rss-parser and have their required elements', async () => {
      const parser = new Parser();
      const rss = await api<string>(server().app, 'GET', '/status/history.rss', { token: null });
      assert.match(String(rss.headers['content-type']), /^application\/rss\+xml/);
      const r = await parser.parseString(rss.body);
      assert.equal(r.title, 'Acme status');
      assert.equal(r.link, PUBLIC_URL);
      assert.equal(r.description, 'Incidents and scheduled maintenance of Acme');
      const item = r.items.find((i) => i.title === 'Elevated API errors');
      assert.ok(item);
      assert.equal(item.link, `${PUBLIC_URL}/incidents/${s.open}`);
      assert.equal(item.guid, item.link);
      assert.equal(item.isoDate, new Date(at('2026-12-05T11:00:00Z')).toISOString());
      assert.match(item.content ?? '', /<strong>investigating<\/strong>/);
      assert.ok(r.items.every((i) => i.title && i.link && i.pubDate));

      const atom = await api<string>(server().app, 'GET', '/status/history.atom', { token: null });
      assert.match(String(atom.headers['content-type']), /^application\/atom\+xml/);
      assert.match(atom.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
      assert.match(atom.body, /<author><name>Acme<\/name><\/author>/);
      const a = await parser.parseString(atom.body);
      assert.equal(a.title, 'Acme status');
      assert.ok(a.items.length >= 4);
      for (const entry of a.items) {
        assert.ok(entry.id && entry.title && entry.link, JSON.stringify(entry));
        assert.ok(!Number.isNaN(Date.parse(String(entry.pubDate))), 'each entry has its updated time');
      }
      const maintenance = a.items.find((i) => i.title === 'Billing database upgrade');
      assert.ok(maintenance);
      assert.match(maintenance.content ?? '', /Billing will be read-only/);
    });
  },
  { clock: () => fixedClock(NOW) },
);
