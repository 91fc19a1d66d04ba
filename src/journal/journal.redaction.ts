/** Keys whose values never reach the journal, whatever object carries them. */
const SECRET_KEY =
  /^(authorization|cookie|set-cookie|x-api-key|api[-_]?key|.*token|.*secret|password|assertion|client_assertion)$/i;
/** A JWT (bearer tokens, id tokens) anywhere in a string. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\bbearer\s+[\w.~+/=-]+/gi;
const MAX_DEPTH = 12;

export const REDACTED = '[redacted]';

/**
 * Removes credentials from what is about to be journalled: values under secret-looking keys,
 * anything shaped like a bearer token or a JWT, and every configured secret (the client secret,
 * the operator keys) wherever it appears. Returns a new value; the input is not changed.
 */
export class JournalRedactor {
  private readonly secrets: readonly string[];

  constructor(secrets: readonly (string | null | undefined)[]) {
    // Short values would blank out ordinary words; configured secrets are long in practice.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
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
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SECRET_KEY.test(key) ? REDACTED : this.walk(item, depth + 1);
    }
    return copy;
  }

  private scrub(text: string): string {
    let result = text.replace(JWT, REDACTED).replace(BEARER, `Bearer ${REDACTED}`);
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
