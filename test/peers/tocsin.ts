import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/platform/config.ts';
import type { Dialect } from '../../src/platform/db/connect.ts';
import type { App } from '../../src/platform/http/app.ts';
import { startTocsin } from '../../src/server.ts';
import { TEST_ADMIN_TOKEN, TEST_OUTBOUND_ALLOW, type TestDatabase, createTestDatabase } from '../harness.ts';

/**
 * Tocsin on a fresh database, listening on a real socket (127.0.0.1, a random port) so programs
 * outside the test process can reach it. `app` still serves `app.inject` for the test's own reads.
 */
export interface ListeningTocsin {
  app: App;
  tdb: TestDatabase;
  port: number;
  /** `http(s)://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

export async function startListeningTocsin(
  dialect: Dialect,
  opts: { tls?: { certPath: string; keyPath: string } } = {},
): Promise<ListeningTocsin> {
  const tdb = await createTestDatabase(dialect);
  try {
    const config = loadConfig({
      TOCSIN_DATABASE_URL: tdb.url,
      TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      TOCSIN_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW,
      ...(opts.tls ? { TOCSIN_TLS_CERT: opts.tls.certPath, TOCSIN_TLS_KEY: opts.tls.keyPath } : {}),
    });
    // No engine: nothing resolves or escalates on a timer, so every state change the tests see
    // was caused by a request from the client under test.
    const tocsin = await startTocsin(config, { handle: tdb, engine: false });
    const app = tocsin.app;
    if (app === undefined) throw new Error('Tocsin started without an HTTP app');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return {
      app,
      tdb,
      port,
      origin: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
      close: async () => {
        await app.close();
        await tdb.drop();
      },
    };
  } catch (e) {
    await tdb.drop();
    throw e;
  }
}
