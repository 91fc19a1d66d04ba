/** Keys whose values never reach the journal, whatever object carries them. */
const SECRET_KEY =
  /^(authorization|cookie|set-cookie|x-api-key|api[-_]?key|.*token|.*secret|password|assertion|client_assertion)$/i;
/** A JWT (bearer tokens, id tokens) anywhere in a string. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\bbearer\s+[\w.~+/=-]+/gi;
const MAX_DEPTH = 12;
/** Key verdicts kept: entries repeat a small set of keys, and testing one each time costs. */
const MAX_KEPT_KEYS = 1024;

export const REDACTED = '[redacted]';

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes credentials from what is about to be journalled: values under secret-looking keys,
 * anything shaped like a bearer token or a JWT, and every configured secret (the client secret,
 * the operator keys) wherever it appears. Returns a new value; the input is not changed.
 *
 * Every notification, Graph request and decision passes through here, so the common case is made
 * cheap: a string is scrubbed only when one test finds something to scrub in it, and whether a key
 * is secret is decided once per key.
 */
export class JournalRedactor {
  private readonly secrets: readonly string[];
  /** Matches a string that holds anything `scrub` would change. */
  private readonly suspect: RegExp;
  private readonly secretKeys = new Map<string, boolean>();

  constructor(secrets: readonly (string | null | undefined)[]) {
    // Short values would blank out ordinary words; configured secrets are long in practice.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
    this.suspect = new RegExp(
      [JWT.source, BEARER.source, ...this.secrets.map(escaped)].join('|'),
      'i',
    );
  }

  redact<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return REDACTED;
    if (Array.isArray(value)) return value.map((item) => this.walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      copy[key] = this.isSecretKey(key)
        ? REDACTED
        : this.walk((value as Record<string, unknown>)[key], depth + 1);
    }
    return copy;
  }

  private isSecretKey(key: string): boolean {
    let secret = this.secretKeys.get(key);
    if (secret === undefined) {
      secret = SECRET_KEY.test(key);
      if (this.secretKeys.size < MAX_KEPT_KEYS) this.secretKeys.set(key, secret);
    }
    return secret;
  }

  private scrub(text: string): string {
    if (!this.suspect.test(text)) return text;
    let result = text.replace(JWT, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
