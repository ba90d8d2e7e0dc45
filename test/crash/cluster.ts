import { after, before } from 'node:test';
import { TEST_ADMIN_TOKEN, type TestDatabase, createTestDatabase } from '../harness.ts';
import { type HttpReceiver, startHttpReceiver } from '../receivers.ts';
import { type ServerProcess, engineStarted, freePort, spawnTocsin, waitReady } from './server-process.ts';

/** What a failover test runs against, once started. */
export interface Cluster {
  /** The api process, e.g. `http://127.0.0.1:PORT`. */
  origin: string;
  /** The database every process uses, for the test to read the outcome from. */
  databaseUrl: string;
  /** Records what the engines send; answers 200 after 15 ms. */
  receiver: HttpReceiver;
  /** The engine processes by index (a restarted one replaces its slot). */
  engines: ServerProcess[];
  /** (Re)starts engine `i` and waits until its engine runs. */
  startEngine: (i: number) => Promise<void>;
}

/**
 * Failover tests (several engine processes on one PostgreSQL, SIGKILLed mid-run). Call it in a
 * describe: before its tests it makes the database and the receiver, after them it kills every
 * process it started and drops the database. The function it returns, called in the test,
 * starts one api-role process (ready) and `engines` engine-role ones (running). A short send
 * timeout keeps a killed engine's lease (2 x timeout + 5 s) short. `env` adds to the processes'.
 */
export function failoverCluster(opts: {
  engines: number;
  env?: Record<string, string>;
}): () => Promise<Cluster> {
  let tdb: TestDatabase | undefined;
  let receiver: HttpReceiver | undefined;
  const processes: ServerProcess[] = [];

  before(async () => {
    tdb = await createTestDatabase('postgres');
    await tdb.close();
    // A little latency per delivery widens the window between sending and recording, where kills hurt.
    receiver = await startHttpReceiver({ respond: () => ({ status: 200, delayMs: 15 }) });
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await receiver?.close();
    await tdb?.drop();
  });

  return async () => {
    if (tdb === undefined || receiver === undefined) throw new Error('the cluster set-up did not run');
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const env = {
      TOCSIN_DATABASE_URL: tdb.url,
      TOCSIN_PORT: String(port),
      TOCSIN_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      TOCSIN_LOG_LEVEL: 'warn',
      TOCSIN_SECRET: 'failover-test-secret-0123456789-abcdef',
      TOCSIN_NOTIFY_TIMEOUT_MS: '2000',
      ...opts.env,
    };
    const api = spawnTocsin({ ...env, TOCSIN_ROLE: 'api' });
    processes.push(api);
    await waitReady(api, origin);
    const engines: ServerProcess[] = [];
    const startEngine = async (i: number) => {
      const p = spawnTocsin({ ...env, TOCSIN_ROLE: 'engine', TOCSIN_PORT: '0' });
      processes.push(p);
      engines[i] = p;
      await engineStarted(p);
    };
    await Promise.all(Array.from({ length: opts.engines }, (_, i) => startEngine(i)));
    return { origin, databaseUrl: tdb.url, receiver, engines, startEngine };
  };
}
