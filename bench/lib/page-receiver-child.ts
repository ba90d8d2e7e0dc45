/**
 * The page receiver's process (see page-receiver.ts): an HTTP server that answers every POST 200
 * at once and notes when each one arrived, on which path, its Idempotency-Key and the benchmark
 * alert keys its body names. It runs apart from the load generator so that neither event loop
 * delays the other's clock readings. Talks to its parent over the IPC channel only.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Arrival, ReceiverReply, ReceiverRequest } from './page-receiver.ts';

/** Benchmark alert keys look like `bk-<run>-<phase>-<n>`; see page-receiver.ts. */
const KEY = /bk-[a-z0-9]+-[a-z0-9]+-\d+/g;

const now = () => performance.timeOrigin + performance.now();

let pending: Arrival[] = [];
let total = 0;

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // The moment the whole page is here: what a responder's tool could act on.
    const t = now();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const text = Buffer.concat(chunks).toString();
    const idem = req.headers['idempotency-key'];
    pending.push({
      t,
      path: req.url ?? '',
      idem: typeof idem === 'string' ? idem : null,
      keys: [...new Set(text.match(KEY) ?? [])],
      bytes: text.length,
    });
    total++;
  });
});
server.keepAliveTimeout = 60_000;

const reply = (m: ReceiverReply) => process.send?.(m);

process.on('message', (raw: unknown) => {
  const m = raw as ReceiverRequest;
  switch (m.type) {
    case 'clock':
      reply({ type: 'clock', id: m.id, t: now() });
      break;
    case 'take': {
      const out = pending;
      pending = [];
      reply({ type: 'take', id: m.id, arrivals: out, total });
      break;
    }
    case 'stop':
      server.closeAllConnections();
      server.close(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  reply({ type: 'ready', port: typeof addr === 'object' && addr !== null ? addr.port : 0 });
});
