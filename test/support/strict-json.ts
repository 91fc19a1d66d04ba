/**
 * JSON.parse that also refuses an object with the same key twice, as some log stores do (they
 * drop such lines). JSON.parse keeps the last value silently, so a log line with a duplicate key
 * looks fine to it.
 */
export function parseStrictJson(text: string): unknown {
  const parser = new StrictParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

// Control characters are not allowed raw inside a JSON string.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;

class StrictParser {
  private at = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return Number(this.match(NUMBER, 'a value'));
  }

  end(): void {
    this.skipSpace();
    if (this.at !== this.text.length) this.fail('the end');
  }

  private object(): Record<string, unknown> {
    this.at += 1;
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.skipSpace();
    if (this.take('}')) return result;
    do {
      this.skipSpace();
      const key = this.string();
      if (seen.has(key))
        throw new SyntaxError(`duplicate key ${JSON.stringify(key)} at ${this.at}`);
      seen.add(key);
      this.skipSpace();
      if (!this.take(':')) this.fail("':'");
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true });
      this.skipSpace();
    } while (this.take(','));
    if (!this.take('}')) this.fail("',' or '}'");
    return result;
  }

  private array(): unknown[] {
    this.at += 1;
    const result: unknown[] = [];
    this.skipSpace();
    if (this.take(']')) return result;
    do result.push(this.value());
    while ((this.skipSpace(), this.take(',')));
    if (!this.take(']')) this.fail("',' or ']'");
    return result;
  }

  private string(): string {
    return JSON.parse(this.match(STRING, 'a string')) as string;
  }

  private match(pattern: RegExp, what: string): string {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found || found[0].length === 0) return this.fail(what);
    this.at += found[0].length;
    return found[0];
  }

  private take(char: string): boolean {
    if (this.text[this.at] !== char) return false;
    this.at += 1;
    return true;
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.at;
    SPACE.exec(this.text);
    this.at = SPACE.lastIndex;
  }

  private fail(expected: string): never {
    throw new SyntaxError(`expected ${expected} at ${this.at} in ${this.text.slice(0, 80)}`);
  }
}
