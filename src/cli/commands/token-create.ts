import { ValidationError } from '../../platform/errors.ts';
import { createToken } from '../../tokens/create.ts';
import { findUserByEmail, findUserByName } from '../../users/repository.ts';
import { USER_ROLES } from '../../users/schemas.ts';
import { type Command, stringFlag } from '../command.ts';
import { withDatabase } from '../db.ts';

type Role = (typeof USER_ROLES)[number];
const isRole = (v: string): v is Role => (USER_ROLES as readonly string[]).includes(v);

export const tokenCreate: Command = {
  path: ['token', 'create'],
  summary: 'create an API token for a user (by email or name); prints the secret once',
  usage: '--user EMAIL|NAME [--name LABEL] [--role admin|responder|viewer] [--expires-at RFC3339]',
  options: {
    user: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    'expires-at': { type: 'string' },
  },
  run: (inv) =>
    withDatabase(inv, async (ctx) => {
      const { flags, io } = inv;
      const who = stringFlag(flags, 'user');
      if (who === undefined) throw new ValidationError('--user is required (email or name)');
      const user = (await findUserByEmail(ctx.db, who)) ?? (await findUserByName(ctx.db, who));
      if (user === undefined)
        throw new ValidationError(`--user: no user with email or name ${JSON.stringify(who)}`);
      const role = stringFlag(flags, 'role');
      if (role !== undefined && !isRole(role))
        throw new ValidationError(`--role must be one of ${USER_ROLES.join(', ')}`);
      const expiresAt = stringFlag(flags, 'expires-at');
      if (expiresAt !== undefined && Number.isNaN(Date.parse(expiresAt))) {
        throw new ValidationError('--expires-at must be an RFC 3339 time such as 2027-01-01T00:00:00Z');
      }
      const token = await createToken({
        ctx,
        input: {
          name: stringFlag(flags, 'name') ?? 'cli',
          user_id: user.id,
          ...(role !== undefined ? { role } : {}),
          ...(expiresAt !== undefined ? { expires_at: new Date(expiresAt).toISOString() } : {}),
        },
      });
      io.out(`created token ${token.id} for ${user.name} (${token.role})`);
      io.out(token.token);
      return 0;
    }),
};
