import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { getMaintenanceWindow, listMaintenanceWindowViews } from './get.ts';
import {
  CreateMaintenanceWindowInput,
  ListMaintenanceWindowsQuery,
  MaintenanceWindow,
  UpdateMaintenanceWindowInput,
} from './schemas.ts';
import { createMaintenanceWindow } from './window-create.ts';
import { deleteMaintenanceWindow } from './window-delete.ts';
import { updateMaintenanceWindow } from './window-update.ts';

const tags = ['maintenance windows'];

export function maintenanceWindowRoutes(app: TypedApp): void {
  app.get(
    '/maintenance-windows',
    {
      schema: {
        tags,
        summary: 'List maintenance windows',
        querystring: ListMaintenanceWindowsQuery,
        response: { 200: PageOf(MaintenanceWindow) },
      },
    },
    (req) =>
      listMaintenanceWindowViews(
        req.ctx.db,
        { serviceId: req.query.service_id, state: req.query.state, now: req.ctx.clock.now() },
        req.query,
      ),
  );

  app.post(
    '/maintenance-windows',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Put services in maintenance for a period: their alerts are suppressed',
        body: CreateMaintenanceWindowInput,
        response: { 201: MaintenanceWindow },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createMaintenanceWindow({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/maintenance-windows/:id',
    {
      schema: {
        tags,
        summary: 'Get a maintenance window',
        params: IdParams,
        response: { 200: MaintenanceWindow },
      },
    },
    (req) => getMaintenanceWindow(req.ctx.db, req.params.id, req.ctx.clock.now()),
  );

  app.patch(
    '/maintenance-windows/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Update a maintenance window that has not ended; service_ids, when given, replace the list',
        params: IdParams,
        body: UpdateMaintenanceWindowInput,
        response: { 200: MaintenanceWindow },
      },
    },
    (req) => updateMaintenanceWindow({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/maintenance-windows/:id',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'End an active maintenance window now (200 with it); delete a pending one (204)',
        params: IdParams,
        response: { 200: MaintenanceWindow, 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const ended = await deleteMaintenanceWindow({ ctx: req.ctx, input: { id: req.params.id } });
      return ended === null ? reply.status(204).send(null) : reply.status(200).send(ended);
    },
  );
}
