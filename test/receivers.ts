import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Real local receivers for tests that send things out: an HTTP server (webhooks, Slack, Teams, Discord,
 * Twilio's REST API) and an SMTP server (email). Both listen on 127.0.0.1 on a random port, record what
 * arrives, and let a test wait for it:
 *
 *   const hook = await startHttpReceiver({ respond: () => ({ status: 500, body: 'down' }) });
 *   ... send to hook.url ...
 *   const [req] = await hook.waitFor(1);
 *   await hook.close();
 *
 * Close them in `after`/`finally`: close() also cuts connections still held open.
 */

/** Resolves when `list` holds at least n items; rejects after timeoutMs naming what arrived. */
function waiter<T>(list: T[], what: string) {
  const pending = new Set<() => void>();
  return {
    notify: () => {
      for (const check of pending) check();
    },
    waitFor: (n: number, timeoutMs = 5000): Promise<T[]> =>
      new Promise<T[]>((resolve, reject) => {
        const check = () => {
          if (list.length < n) return;
          clearTimeout(timer);
          pending.delete(check);
          resolve(list.slice());
        };
        const timer = setTimeout(() => {
          pending.delete(check);
          reject(new Error(`expected ${n} ${what} within ${timeoutMs} ms, got ${list.length}`));
        }, timeoutMs);
        pending.add(check);
        check();
      }),
  };
}

export interface ReceivedRequest {
  method: string;
  /** Path and query string, e.g. `/2010-04-01/Accounts/AC1/Messages.json`. */
  path: string;
  /** Lower-cased names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The raw body as UTF-8 text (signatures are checked over this). */
  body: string;
  /** The parsed body when it was JSON; undefined otherwise. */
  json?: unknown;
  /** Date.now() when the body had fully arrived. */
  at: number;
  /** The client's port: requests on one kept-alive connection share it. */
  remotePort: number | undefined;
}

export interface HttpReply {
  status: number;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Waits this long before answering (for timeout tests). */
  delayMs?: number;
}

export interface HttpReceiver {
  /** `http://127.0.0.1:PORT`; any path is accepted. */
  url: string;
  requests: ReceivedRequest[];
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Records every request; answers 200 `{"ok":true}` unless `respond` says otherwise. */
export async function startHttpReceiver(
  opts: { respond?: (req: ReceivedRequest) => HttpReply } = {},
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const wait = waiter(requests, 'requests');
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      if (/json/.test(req.headers['content-type'] ?? '')) {
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
      }
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        json,
        at: Date.now(),
        remotePort: req.socket.remotePort,
      };
      requests.push(received);
      wait.notify();
      const reply = opts.respond?.(received) ?? { status: 200, body: { ok: true } };
      const text =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      const answer = () => {
        timers.delete(timer);
        if (res.destroyed) return;
        res.writeHead(reply.status, {
          'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
        });
        res.end(text);
      };
      const timer = setTimeout(answer, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitFor: wait.waitFor,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export interface ReceivedMail {
  /** The From header as text, e.g. `Tocsin <tocsin@localhost>`. */
  from: string;
  /** Addresses of the To header. */
  to: string[];
  subject: string;
  text: string;
  /** Empty when the message had no HTML part. */
  html: string;
  /** With angle brackets, as in the header: `<key@tocsin>`. */
  messageId: string;
  /** Lower-cased header names; values as mailparser parses them. */
  headers: Map<string, unknown>;
  /** The SMTP envelope (MAIL FROM / RCPT TO), which can differ from the headers. */
  envelope: { from: string; to: string[] };
}

export interface SmtpReceiver {
  /** `smtp://127.0.0.1:PORT`, ready for TOCSIN_SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}

/**
 * Accepts any sender, recipient and login without TLS. `rejectWith` (e.g. 550, 451) refuses every
 * recipient at RCPT TO with that reply code, so nothing is recorded.
 */
export async function startSmtpReceiver(opts: { rejectWith?: number } = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const wait = waiter(messages, 'messages');
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Reverse DNS of 127.0.0.1 only adds latency.
    disableReverseLookup: true,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onRcptTo(address, _session, callback) {
      if (opts.rejectWith === undefined) return callback();
      const err = Object.assign(new Error(`rejected ${address.address} by test`), {
        responseCode: opts.rejectWith,
      });
      callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          messages.push({
            from: mail.from?.text ?? '',
            to: addresses(mail.to),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            messageId: mail.messageId ?? '',
            headers: mail.headers,
            envelope: {
              from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address ?? ''),
            },
          });
          wait.notify();
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: wait.waitFor,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
