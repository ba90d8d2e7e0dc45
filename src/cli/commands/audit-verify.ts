import { verifyAuditLog } from '../../platform/audit/verify.ts';
import type { Command } from '../command.ts';
import { withDatabase } from '../db.ts';

export const auditVerify: Command = {
  path: ['audit', 'verify'],
  summary: 'check the audit log hash chain; exits 1 and lists each bad row when it was tampered with',
  options: { json: { type: 'boolean' } },
  run: (inv) =>
    withDatabase(inv, async (ctx) => {
      const { flags, io } = inv;
      const result = await verifyAuditLog(ctx.db);
      if (flags.json === true) io.out(JSON.stringify(result));
      else {
        for (const p of result.problems) io.out(`row ${p.seq}: ${p.problem}: ${p.message}`);
        io.out(
          result.ok
            ? `audit log ok: ${result.checked} rows verified`
            : `audit log BROKEN: ${result.problems.length} problem(s) in ${result.checked} rows`,
        );
      }
      return result.ok ? 0 : 1;
    }),
};
