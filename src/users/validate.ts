import { ValidationError } from '../platform/errors.ts';
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

export function assertContactAddress(field: string, input: ContactMethodInput): void {
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
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        throw new ValidationError(`${field}.address: must be an http(s) URL for ${type}`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new ValidationError(`${field}.address: must be an http(s) URL for ${type}`);
      }
      return;
    }
  }
}
