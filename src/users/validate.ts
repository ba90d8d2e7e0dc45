import { ValidationError } from '../platform/errors.ts';
import { type OutboundPolicy, parseOutboundAllow } from '../platform/outbound/address.ts';
import { OutboundRefusedError, checkOutboundUrl } from '../platform/outbound/guard.ts';
import type { ContactMethodInput } from './schemas.ts';

/** Checks JSON schema cannot express. Each names the field it rejects. */
export function assertTimeZone(field: string, zone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new ValidationError(
      `${field}: unknown time zone ${JSON.stringify(zone)}; use an IANA name such as Europe/Berlin`,
    );
  }
}

/** Every loopback and private address: what is left refused is what no configuration opens. */
const ANY_ALLOWABLE = parseOutboundAllow('loopback,private') as OutboundPolicy;

/**
 * `policy` is where outbound requests may go (ctx.outbound): a URL the guard would refuse is refused
 * when saved, naming the field. Without one (a tocsin.yaml checked before anything is contacted)
 * only what no configuration allows is refused; the action checks the rest when it saves.
 * Host names are checked when a delivery connects, on the address they resolve to then.
 */
export function assertContactAddress(
  field: string,
  input: ContactMethodInput,
  policy: OutboundPolicy = ANY_ALLOWABLE,
): void {
  const { type, address } = input;
  switch (type) {
    case 'email':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address))
        throw new ValidationError(`${field}.address: not an email address`);
      return;
    case 'sms':
    case 'voice':
      if (!/^\+[1-9]\d{6,14}$/.test(address)) {
        throw new ValidationError(`${field}.address: must be an E.164 phone number such as +14155550100`);
      }
      return;
    case 'webhook':
    case 'slack':
    case 'teams':
    case 'discord': {
      try {
        checkOutboundUrl(address, policy);
      } catch (e) {
        if (!(e instanceof OutboundRefusedError)) throw e;
        throw new ValidationError(`${field}.address: ${refusedUrlMessage(e, type)}`);
      }
      return;
    }
  }
}

function refusedUrlMessage(e: OutboundRefusedError, type: string): string {
  if (e.refused === 'url') return `must be an http(s) URL for ${type}`;
  if (e.refused === 'credentials') return 'must not contain a user name or password';
  return e.allowable
    ? `the host is ${e.message}, which outbound requests may not reach (see TOCSIN_OUTBOUND_ALLOW)`
    : `the host is ${e.message}, which outbound requests never reach`;
}
