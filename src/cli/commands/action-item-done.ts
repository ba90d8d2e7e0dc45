import type { ActionItemView } from '../../action-items/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import type { Command } from '../command.ts';
import { enc, printJson } from './incident-common.ts';

/** `tocsin action-item done ID`: the reminder's own suggestion for closing the item. */
export const actionItemDone: Command = {
  path: ['action-item', 'done'],
  summary: 'mark an action item done',
  usage: `ID [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS },
  run: (inv) =>
    withApi(inv, async (api) => {
      const id = inv.args[0];
      if (id === undefined || id === '')
        throw new ValidationError('ID is required: an action item id (act_...)');
      const item = await api.request<ActionItemView>('POST', `/action-items/${enc(id)}/status`, {
        status: 'done',
      });
      if (inv.flags.json === true) printJson(inv.io, item);
      else inv.io.out(`${item.id} done ${JSON.stringify(item.title)} (${item.incident.ref})`);
      return 0;
    }),
};
