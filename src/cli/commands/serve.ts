import { loadConfig } from '../../platform/config.ts';
import { startTocsin } from '../../server.ts';
import type { CliIo, Command } from '../command.ts';
import type { BootstrapResult } from '../../users/bootstrap.ts';

function printFirstStart(io: CliIo, b: BootstrapResult, url: string): void {
  io.out('');
  io.out('  First start: created the admin account.');
  io.out(`    log in at   ${url}  as  ${b.email}`);
  if (b.password !== undefined) io.out(`    password    ${b.password}`);
  if (b.token !== undefined) io.out(`    API token   ${b.token}`);
  else io.out('    API token   the one in TOCSIN_ADMIN_TOKEN');
  io.out('  These are shown once and stored only as hashes. Keep them somewhere safe.');
  io.out('');
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
    if (tocsin.bootstrap !== undefined) printFirstStart(io, tocsin.bootstrap, config.publicUrl);
    // Keep running until a signal arrives; the HTTP server (or, later, the engine) holds the loop open.
    return new Promise<number>(() => undefined);
  },
};
