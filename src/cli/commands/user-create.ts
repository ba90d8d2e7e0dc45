import { generatePassword } from '../../platform/auth/secrets.ts';
import { ValidationError } from '../../platform/errors.ts';
import { createUser } from '../../users/create.ts';
import { USER_ROLES } from '../../users/schemas.ts';
import { type Command, stringFlag } from '../command.ts';
import { withDatabase } from '../db.ts';

type Role = (typeof USER_ROLES)[number];
const isRole = (v: string): v is Role => (USER_ROLES as readonly string[]).includes(v);

export const userCreate: Command = {
  path: ['user', 'create'],
  summary: 'create a user; prints a generated password unless --password is given',
  usage: '--name NAME --email EMAIL [--role admin|responder|viewer] [--time-zone ZONE] [--password PW]',
  options: {
    name: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    'time-zone': { type: 'string' },
    password: { type: 'string' },
  },
  run: (inv) =>
    withDatabase(inv, async (ctx) => {
      const { flags, io } = inv;
      const name = stringFlag(flags, 'name');
      const email = stringFlag(flags, 'email');
      const role = stringFlag(flags, 'role') ?? 'responder';
      if (name === undefined) throw new ValidationError('--name is required');
      if (email === undefined) throw new ValidationError('--email is required');
      if (!isRole(role)) throw new ValidationError(`--role must be one of ${USER_ROLES.join(', ')}`);
      const given = stringFlag(flags, 'password');
      if (given !== undefined && given.length < 12)
        throw new ValidationError('--password must be at least 12 characters');
      const password = given ?? generatePassword();
      const timeZone = stringFlag(flags, 'time-zone');
      const user = await createUser({
        ctx,
        input: { name, email, role, password, ...(timeZone ? { time_zone: timeZone } : {}) },
      });
      io.out(`created user ${user.id} ${user.name} <${user.email}> (${user.role})`);
      if (given === undefined) io.out(`password (shown once): ${password}`);
      return 0;
    }),
};
