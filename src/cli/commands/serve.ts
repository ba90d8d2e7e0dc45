import { loadConfig } from '../../platform/config.ts';
import { startTocsin } from '../../server.ts';
import type { Command } from '../command.ts';
import type { BootstrapResult } from '../../bootstrap.ts';

/**
 * What the first start says about the admin it created. Only what is true: with
 * TOCSIN_ADMIN_TOKEN the admin has no password (nothing is generated or shown), so the web UI
 * login needs one set first.
 */
export function firstStartMessage(b: BootstrapResult, url: string): string[] {
  if (b.password !== undefined && b.token !== undefined) {
    return [
      '',
      '  First start: created the admin account.',
      `    log in at   ${url}  as  ${b.email}`,
      `    password    ${b.password}`,
      `    API token   ${b.token}`,
      '  These are shown once and stored only as hashes. Keep them somewhere safe.',
      '',
    ];
  }
  return [
    '',
    `  First start: created the admin account ${b.email} (id ${b.userId}) with the API token in TOCSIN_ADMIN_TOKEN.`,
    '  It has no password, so it cannot log in to the web UI yet. To set one:',
    `    curl -X PATCH ${url}/api/v1/users/${b.userId} -H "Authorization: Bearer $TOCSIN_ADMIN_TOKEN" \\`,
    `      -H 'Content-Type: application/json' -d '{"password":"..."}'`,
    '',
  ];
}

export const serve: Command = {
  path: ['serve'],
  summary: 'run Tocsin (HTTP API and background work, per TOCSIN_ROLE)',
  run: async ({ configFlags, io }) => {
    const config = loadConfig(process.env, configFlags);
    const tocsin = await startTocsin(config, { logger: { level: config.logLevel } });
    const shutdown = (signal: string) => {
      io.err(`${signal}: shutting down`);
      tocsin.close().then(
        () => process.exit(0),
        (e: unknown) => {
          io.err(String(e));
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));

    if (tocsin.app !== undefined) {
      await tocsin.app.listen({ host: config.host, port: config.port });
    }
    io.out(
      `Tocsin ${config.role === 'engine' ? 'engine' : `listening on ${config.publicUrl}`} (${tocsin.handle.description}, role ${config.role})`,
    );
    if (tocsin.app !== undefined) io.out(`  API docs: ${config.publicUrl}/docs`);
    if (tocsin.bootstrap !== undefined) {
      for (const line of firstStartMessage(tocsin.bootstrap, config.publicUrl)) io.out(line);
    }
    // Keep running until a signal arrives; the HTTP server (or, later, the engine) holds the loop open.
    return new Promise<number>(() => undefined);
  },
};
