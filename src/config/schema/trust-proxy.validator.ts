import { isIP } from 'node:net';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** What Fastify may trust of `X-Forwarded-*`: nothing, the last n hops, or these proxies. */
export type TrustProxySetting = false | number | string[];

/** proxy-addr's names for the usual private ranges, which Fastify accepts beside addresses. */
const RANGE_NAMES: ReadonlySet<string> = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: unknown): boolean {
  if (typeof entry !== 'string') return false;
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `false`, a hop count (1 or more) or a non-empty list of addresses, CIDR ranges or proxy-addr
 * range names. `true` (trust every hop) is refused: any client could then choose the address the
 * logs and limits see by sending its own `X-Forwarded-For`.
 */
export function isTrustProxySetting(value: unknown): value is TrustProxySetting {
  if (value === false) return true;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1;
  return Array.isArray(value) && value.length > 0 && value.every(isAddressOrCidr);
}

export function IsTrustProxySetting(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTrustProxySetting',
      validator: {
        validate: (value) => isTrustProxySetting(value),
        defaultMessage: () =>
          '$property must be false, a hop count (1 or more) or a list of proxy addresses or CIDR ranges',
      },
    },
    options,
  );
}
