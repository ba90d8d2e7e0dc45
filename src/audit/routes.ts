import { Type } from '@sinclair/typebox';
import { listAuditRows } from '../platform/audit/repository.ts';
import { verifyAuditLog } from '../platform/audit/verify.ts';
import type { TypedApp } from '../platform/http/app.ts';
import { iso } from '../platform/http/schema.ts';
import { presentAuditActor } from '../users/actors.ts';
import { AuditEntry, AuditQuery, AuditVerifyAnswer } from './schemas.ts';

const tags = ['audit'];

export function auditRoutes(app: TypedApp): void {
  app.get(
    '/audit',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'The audit log, newest first',
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            data: Type.Array(AuditEntry),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 50;
      // Newest first like every record list; `?order=asc` reads the chain in the order it was written.
      const asc = req.query.order === 'asc';
      const { cursor, target_type, target_id, actor_id, action, since, until } = req.query;
      const rows = await listAuditRows(
        req.ctx.db,
        {
          cursor: cursor === undefined ? undefined : Number(cursor),
          target_type,
          target_id,
          actor_id,
          action,
          since: since === undefined ? undefined : Date.parse(since),
          until: until === undefined ? undefined : Date.parse(until),
        },
        asc,
        limit + 1,
      );
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      return {
        data: page.map((r) => ({
          seq: r.seq,
          at: iso(r.at),
          actor_type: r.actor_type,
          actor_id: r.actor_id,
          actor_name: r.actor_name,
          actor: presentAuditActor(r),
          action: r.action,
          target_type: r.target_type,
          target_id: r.target_id,
          before: r.before === null ? null : (JSON.parse(r.before) as unknown),
          after: r.after === null ? null : (JSON.parse(r.after) as unknown),
          hash: r.hash,
        })),
        next_cursor: more ? String(page[page.length - 1]!.seq) : null,
      };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Check the hash chain; lists every modified, missing or rewritten row',
        response: {
          200: AuditVerifyAnswer,
        },
      },
    },
    (req) => verifyAuditLog(req.ctx.db),
  );
}
