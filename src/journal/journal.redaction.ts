/** Keys whose values never reach the journal, whatever object carries them. */
const SECRET_KEY =
  /^(authorization|cookie|set-cookie|x-api-key|api[-_]?key|.*token|.*secret|password|assertion|client_assertion)$/i;
/** A JWT (bearer tokens, id tokens) anywhere in a string. */
const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\bbearer\s+[\w.~+/=-]+/gi;
const MAX_DEPTH = 12;
/**
 * A letter in either case, spelt out: a regular expression with the `i` flag scans text about a
 * third slower, and only these words need it.
 */
function caseless(word: string): string {
  return word.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}
/**
 * What in JSON text may be something `redact` changes, each found wherever it is in the value:
 * JSON text escapes only quotes, backslashes and control characters.
 * - A word every secret key holds (each of SECRET_KEY's alternatives has one), in any case.
 * - The word `bearer`, in any case: the white space after it is escaped in the text (`\\n`), and
 *   the word boundary before it may follow an escape, so only the word.
 * - A JWT, case-sensitively as it is replaced (configured secrets are added, in their escaped
 *   form, by each redactor).
 */
const SUSPECT_IN_JSON = [
  ...['authorization', 'cookie', 'token', 'secret', 'password', 'assertion', 'bearer'].map(
    caseless,
  ),
  `${caseless('api')}[-_]?${caseless('key')}`,
  JWT.source,
];
/** Character codes the nesting count looks for in JSON text. */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
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
  /** Matches JSON text that holds a string `scrub` might change (see `mayRedact`). */
  private readonly suspectInJson: RegExp;
  private readonly secretKeys = new Map<string, boolean>();

  constructor(secrets: readonly (string | null | undefined)[]) {
    // Short values would blank out ordinary words; configured secrets are long in practice.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
    this.suspect = new RegExp(
      [JWT.source, BEARER.source, ...this.secrets.map(escaped)].join('|'),
      'i',
    );
    // Secrets are replaced as configured (case-sensitively), so they are looked for that way.
    this.suspectInJson = new RegExp(
      [
        ...SUSPECT_IN_JSON,
        ...this.secrets.map((secret) => escaped(JSON.stringify(secret).slice(1, -1))),
      ].join('|'),
    );
  }

  /**
   * Whether `redact` might change the value whose JSON text `json` is (`depth`: where the value
   * sits in what is redacted, 0 for the whole). False is certain: redacting the parsed value
   * would give back the same text, so the text can be written as it is, without copying the
   * value. True may be a false alarm (the word `token` in a message): the value is redacted.
   *
   * Sound because what could be redacted shows in the text as it is in the value (see
   * SUSPECT_IN_JSON), and nesting is counted outside strings.
   */
  mayRedact(json: string, depth = 0): boolean {
    return this.suspectInJson.test(json) || nestsDeeperThan(json, MAX_DEPTH - depth);
  }

  redact<T>(value: T): T {
    return this.walk(value, 0) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.scrub(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return REDACTED;
    // As JSON.stringify reads it (a Date as its ISO text), so that a copy and the text agree.
    const { toJSON } = value as { toJSON?: unknown };
    if (typeof toJSON === 'function') return this.walk(toJSON.call(value) as unknown, depth);
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

/** Whether objects and arrays in JSON text nest more than `limit` levels (strings skipped). */
function nestsDeeperThan(json: string, limit: number): boolean {
  let level = 0;
  for (let at = 0; at < json.length; at++) {
    const code = json.charCodeAt(at);
    if (code === QUOTE) at = closingQuote(json, at);
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++level > limit) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) level--;
  }
  return false;
}

/** Where the string opened at `start` ends: the next quote not escaped by a backslash. */
function closingQuote(json: string, start: number): number {
  let at = json.indexOf('"', start + 1);
  while (at > 0) {
    let backslashes = 0;
    while (json.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = json.indexOf('"', at + 1);
  }
  return json.length;
}
