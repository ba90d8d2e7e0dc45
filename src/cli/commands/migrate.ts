import { loadConfig } from '../../platform/config.ts';
import { openDatabase } from '../../platform/db/connect.ts';
import { migrateToLatest } from '../../platform/db/migrate.ts';
import type { Command } from '../command.ts';

export const migrate: Command = {
  path: ['migrate'],
  summary: 'apply pending database migrations and exit',
  run: async ({ configFlags, io }) => {
    const config = loadConfig(process.env, configFlags);
    const handle = openDatabase(config.databaseUrl);
    try {
      const applied = await migrateToLatest(handle.db);
      for (const name of applied) io.out(`applied ${name}`);
      io.out(`${handle.description}: schema is current (${applied.length} applied now)`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
