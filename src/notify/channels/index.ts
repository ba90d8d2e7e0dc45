import type { ContactMethodType } from '../../platform/db/tables/users.ts';
import { discordProvider } from './discord.ts';
import { emailProvider } from './email.ts';
import { slackProvider } from './slack.ts';
import { teamsProvider } from './teams.ts';
import { smsProvider, voiceProvider } from './twilio.ts';
import type { ChannelProvider } from './types.ts';
import { webhookProvider } from './webhook.ts';

/**
 * Every contact-method type has exactly one provider, and each provider sits under its own type:
 * adding a type to ContactMethodType fails to compile here until its provider is registered.
 */
const providers: { [K in ContactMethodType]: ChannelProvider & { type: K } } = {
  webhook: webhookProvider,
  slack: slackProvider,
  teams: teamsProvider,
  discord: discordProvider,
  email: emailProvider,
  sms: smsProvider,
  voice: voiceProvider,
};

export function providerFor(type: ContactMethodType): ChannelProvider {
  return providers[type];
}
