import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf, PageQuery } from '../platform/http/schema.ts';
import {
  componentHistory,
  getComponent,
  getGroup,
  listComponentViews,
  listGroupViews,
} from './components/get.ts';
import { createGroup, deleteGroup, updateGroup } from './components/groups.ts';
import {
  Component,
  ComponentChange,
  ComponentGroup,
  CreateComponentInput,
  CreateGroupInput,
  HistoryQuery,
  ListComponentsQuery,
  UpdateComponentInput,
  UpdateGroupInput,
} from './components/schemas.ts';
import { createComponent, deleteComponent, updateComponent } from './components/write.ts';
import { StatusPageSettings, UpdateStatusPageSettingsInput } from './schemas.ts';
import { getStatusPageSettings, updateStatusPageSettings } from './settings.ts';

/** The status page's settings, components and groups under /api/v1/status-page; reading is open to every role. */
const tags = ['status page'];
const P = '/status-page';

export function statusPageRoutes(app: TypedApp): void {
  app.get(
    `${P}/settings`,
    { schema: { tags, summary: 'The status page settings', response: { 200: StatusPageSettings } } },
    (req) => getStatusPageSettings(req.ctx.db, app.deps.config.publicUrl, req.ctx.clock.now()),
  );

  app.patch(
    `${P}/settings`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: "Edit the page's name, logo, colour, public address or time zone",
        body: UpdateStatusPageSettingsInput,
        response: { 200: StatusPageSettings },
      },
    },
    (req) =>
      updateStatusPageSettings({ ctx: req.ctx, input: req.body, publicUrl: app.deps.config.publicUrl }),
  );

  componentRoutes(app);
  groupRoutes(app);
}

function componentRoutes(app: TypedApp): void {
  app.get(
    `${P}/components`,
    {
      schema: {
        tags,
        summary: 'List components',
        querystring: ListComponentsQuery,
        response: { 200: PageOf(Component) },
      },
    },
    (req) => listComponentViews(req.ctx.db, req.query),
  );

  app.post(
    `${P}/components`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a component',
        body: CreateComponentInput,
        response: { 201: Component },
      },
    },
    async (req, reply) => reply.status(201).send(await createComponent({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/components/:id`,
    { schema: { tags, summary: 'Get a component', params: IdParams, response: { 200: Component } } },
    (req) => getComponent(req.ctx.db, req.params.id),
  );

  app.patch(
    `${P}/components/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Edit a component; a status given here is a change by hand, kept in its history',
        params: IdParams,
        body: UpdateComponentInput,
        response: { 200: Component },
      },
    },
    (req) => updateComponent({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    `${P}/components/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a component and its history',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteComponent({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    `${P}/components/:id/history`,
    {
      schema: {
        tags,
        summary: 'The statuses a component entered (oldest first), between since and until',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: PageOf(ComponentChange) },
      },
    },
    (req) => componentHistory(req.ctx.db, req.params.id, req.query),
  );
}

function groupRoutes(app: TypedApp): void {
  app.get(
    `${P}/groups`,
    {
      schema: {
        tags,
        summary: 'List component groups',
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(ComponentGroup) },
      },
    },
    (req) => listGroupViews(req.ctx.db, req.query),
  );

  app.post(
    `${P}/groups`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Create a component group',
        body: CreateGroupInput,
        response: { 201: ComponentGroup },
      },
    },
    async (req, reply) => reply.status(201).send(await createGroup({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    `${P}/groups/:id`,
    {
      schema: { tags, summary: 'Get a component group', params: IdParams, response: { 200: ComponentGroup } },
    },
    (req) => getGroup(req.ctx.db, req.params.id),
  );

  app.patch(
    `${P}/groups/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Edit a component group; component_ids, when given, replace its components',
        params: IdParams,
        body: UpdateGroupInput,
        response: { 200: ComponentGroup },
      },
    },
    (req) => updateGroup({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    `${P}/groups/:id`,
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Delete a component group; its components stay, ungrouped',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await deleteGroup({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
