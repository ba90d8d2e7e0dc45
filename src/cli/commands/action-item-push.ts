import type { ActionItemView } from '../../action-items/schemas.ts';
import { ValidationError } from '../../platform/errors.ts';
import { API_OPTIONS, API_USAGE, withApi } from '../api-client.ts';
import { type Command, stringFlag } from '../command.ts';
import { enc, printJson } from './incident-common.ts';

/** `tocsin action-item push ID --tracker TRK`: a GitHub issue or Jira ticket for the item. */
export const actionItemPush: Command = {
  path: ['action-item', 'push'],
  summary:
    'push an action item to a ticket tracker (GitHub Issues or Jira); its status then follows the ticket',
  usage: `ID --tracker TRACKER_ID [--json] ${API_USAGE}`,
  options: { ...API_OPTIONS, tracker: { type: 'string' } },
  run: (inv) =>
    withApi(inv, async (api) => {
      const id = inv.args[0];
      if (id === undefined || id === '')
        throw new ValidationError('ID is required: an action item id (act_...)');
      const tracker = stringFlag(inv.flags, 'tracker');
      if (tracker === undefined)
        throw new ValidationError('--tracker is required: a ticket tracker id (trk_...)');
      const item = await api.request<ActionItemView>('POST', `/action-items/${enc(id)}/push`, {
        tracker_id: tracker,
      });
      if (inv.flags.json === true) printJson(inv.io, item);
      else inv.io.out(`${item.id} pushed as ${item.tracker?.key ?? '?'}: ${item.tracker?.url ?? ''}`);
      return 0;
    }),
};
