import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildIncident } from '../../test/factories.ts';
import { listeningCli } from '../../test/cli-io.ts';
import { api, describeEachDialect } from '../../test/harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../../test/receivers.ts';
import { buildGithubTracker } from '../../test/ticket-trackers.ts';
import type { ActionItemView } from '../action-items/schemas.ts';

/**
 * `tocsin action-item push ID --tracker TRK` against a listening server and a local GitHub
 * receiver: prints the key and link; a tracker's failure is the API's 502 message and
 * exit code 1.
 */
describeEachDialect('tocsin action-item push', (server) => {
  let github: HttpReceiver;
  let answer = 201;
  const run = listeningCli(server);

  before(async () => {
    github = await startHttpReceiver({
      respond: () =>
        answer === 201
          ? {
              status: 201,
              body: { number: 5, html_url: 'https://github.com/acme/web/issues/5', state: 'open' },
            }
          : { status: answer, body: { message: 'Validation Failed' } },
    });
  });
  after(() => github.close());

  it('pushes an item and prints where it went; a failing tracker exits 1 with its message', async () => {
    const { app, adminToken } = server();
    const tracker = await buildGithubTracker(app, github.url);
    const { incident } = await buildIncident(app, { from: 'declared' });
    const item = async (title: string) =>
      (
        await api<ActionItemView>(app, 'POST', `/api/v1/incidents/${incident.id}/action-items`, {
          body: { title },
        })
      ).body;

    const ok = await run.as(
      adminToken,
      'action-item',
      'push',
      (await item('Add a canary')).id,
      '--tracker',
      tracker.id,
    );
    assert.equal(ok.code, 0, ok.errText());
    assert.match(ok.out.join('\n'), /pushed as acme\/web#5: https:\/\/github\.com\/acme\/web\/issues\/5$/);
    assert.equal(github.requests.length, 1);

    answer = 422;
    const failed = await run.as(
      adminToken,
      'action-item',
      'push',
      (await item('Fix paging')).id,
      '--tracker',
      tracker.id,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.errText(), /answered 422: Validation Failed/);

    const missing = await run.as(adminToken, 'action-item', 'push', 'act_x');
    assert.notEqual(missing.code, 0);
    assert.match(missing.errText(), /--tracker is required/);
  });
});
