import { IsUrl, ValidationOptions } from 'class-validator';

/**
 * Graph requires https for every URI it fetches or calls back, and the service fetches its own
 * keys and tokens over https only; the message says that rule (class-validator's default, "must be
 * a URL address", is wrong for a well-formed http URL). A local host name (no TLD) is allowed so
 * that the emulator and development set-ups validate too.
 */
export function IsHttpsUrl(options?: ValidationOptions): PropertyDecorator {
  return IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: false },
    { message: '$property must be an https URL', ...options },
  );
}
