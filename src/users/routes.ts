import { Type } from '@sinclair/typebox';
import type { TypedApp } from '../platform/http/app.ts';
import { IdParams, PageOf } from '../platform/http/schema.ts';
import { addContactMethod, removeContactMethod, updateContactMethod } from './contact-methods.ts';
import { createUser } from './create.ts';
import { deleteUser } from './delete.ts';
import { getUser, listUserViews } from './get.ts';
import { userSeenBy } from './presenter.ts';
import { addNotificationRule, listNotificationRules, removeNotificationRule } from './notification-rules.ts';
import {
  ContactMethod,
  ContactMethodInput,
  ContactMethodParams,
  CreateUserInput,
  ListUsersQuery,
  NotificationRule,
  NotificationRuleInput,
  NotificationRuleParams,
  UpdateContactMethodInput,
  UpdateUserInput,
  User,
} from './schemas.ts';
import { updateUser } from './update.ts';

const tags = ['users'];

export function userRoutes(app: TypedApp): void {
  app.get(
    '/users',
    { schema: { tags, summary: 'List users', querystring: ListUsersQuery, response: { 200: PageOf(User) } } },
    async (req) => {
      const page = await listUserViews(
        req.ctx.db,
        { role: req.query.role, teamId: req.query.team_id, q: req.query.q },
        req.query,
      );
      return { ...page, data: page.data.map((u) => userSeenBy(req.ctx.actor, u)) };
    },
  );

  app.post(
    '/users',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Create a user', body: CreateUserInput, response: { 201: User } },
    },
    async (req, reply) => reply.status(201).send(await createUser({ ctx: req.ctx, input: req.body })),
  );

  app.get(
    '/users/:id',
    { schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: User } } },
    async (req) => userSeenBy(req.ctx.actor, await getUser(req.ctx.db, req.params.id)),
  );

  app.patch(
    '/users/:id',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: 'Update a user (admins: anyone; others: themselves, not their role)',
        params: IdParams,
        body: UpdateUserInput,
        response: { 200: User },
      },
    },
    (req) => updateUser({ ctx: req.ctx, input: { ...req.body, id: req.params.id } }),
  );

  app.delete(
    '/users/:id',
    {
      config: { auth: 'admin' },
      schema: { tags, summary: 'Delete a user', params: IdParams, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      await deleteUser({ ctx: req.ctx, input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:id/contact-methods',
    {
      schema: {
        tags,
        summary: "List a user's contact methods",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(ContactMethod) }) },
      },
    },
    async (req) => ({
      data: userSeenBy(req.ctx.actor, await getUser(req.ctx.db, req.params.id)).contact_methods,
    }),
  );

  app.post(
    '/users/:id/contact-methods',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: 'Add a contact method (to yourself, or anyone as admin)',
        params: IdParams,
        body: ContactMethodInput,
        response: { 201: ContactMethod },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addContactMethod({ ctx: req.ctx, input: { ...req.body, userId: req.params.id } })),
  );

  app.patch(
    '/users/:id/contact-methods/:contactMethodId',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary:
          'Change a contact method in place; its notification rules stay (yourself, or anyone as admin)',
        params: ContactMethodParams,
        body: UpdateContactMethodInput,
        response: { 200: ContactMethod },
      },
    },
    (req) =>
      updateContactMethod({
        ctx: req.ctx,
        input: { ...req.body, userId: req.params.id, id: req.params.contactMethodId },
      }),
  );

  app.delete(
    '/users/:id/contact-methods/:contactMethodId',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: 'Remove a contact method',
        params: ContactMethodParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await removeContactMethod({
        ctx: req.ctx,
        input: { userId: req.params.id, id: req.params.contactMethodId },
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/users/:id/notification-rules',
    {
      schema: {
        tags,
        summary: "List a user's notification rules, high urgency first, then by delay",
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(NotificationRule) }) },
      },
    },
    async (req) => ({ data: await listNotificationRules(req.ctx.db, req.params.id) }),
  );

  app.post(
    '/users/:id/notification-rules',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: 'Add a notification rule (to yourself, or anyone as admin)',
        params: IdParams,
        body: NotificationRuleInput,
        response: { 201: NotificationRule },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await addNotificationRule({ ctx: req.ctx, input: { ...req.body, userId: req.params.id } })),
  );

  app.delete(
    '/users/:id/notification-rules/:ruleId',
    {
      config: { auth: 'viewer' },
      schema: {
        tags,
        summary: 'Remove a notification rule',
        params: NotificationRuleParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      await removeNotificationRule({ ctx: req.ctx, input: { userId: req.params.id, id: req.params.ruleId } });
      return reply.status(204).send(null);
    },
  );
}
