import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { type RolesAnswer, rolesLines } from '../incident-format.ts';
import { enc, incidentArg, printJson, resolveUserId, userNames } from './incident-common.ts';

export const incidentAssign: Command = {
  path: ['incident', 'assign'],
  summary: 'give an incident role (commander, tech lead ...) to a user, handing it over; or --unassign',
  usage: `INC --role SLUG (--user EMAIL|NAME|ID | --unassign) [--json] ${API_USAGE}`,
  options: {
    ...API_OPTIONS,
    role: { type: 'string' },
    user: { type: 'string' },
    unassign: { type: 'boolean' },
  },
  run: (inv) =>
    withApi(inv, async (api) => {
      const { flags, io } = inv;
      const ref = incidentArg(inv);
      const role = stringFlag(flags, 'role');
      if (role === undefined) throw new ValidationError('--role is required (e.g. commander)');
      const user = stringFlag(flags, 'user');
      if ((user === undefined) === (flags.unassign !== true))
        throw new ValidationError('give exactly one of --user or --unassign');
      const path = `/incidents/${enc(ref)}/roles/${enc(role)}`;
      const roles =
        user !== undefined
          ? await api.request<RolesAnswer>('PUT', path, { user_id: await resolveUserId(api, user) })
          : await api.request<RolesAnswer>('DELETE', path);
      if (flags.json === true) {
        printJson(io, roles);
        return 0;
      }
      io.out(user !== undefined ? `${ref}: ${role} assigned` : `${ref}: ${role} unassigned`);
      const names = await userNames(
        api,
        roles.data.map((r) => r.assigned_by),
      );
      for (const line of rolesLines(roles, names)) io.out(line);
      return 0;
    }),
};
