import { isMap, isPair, isScalar, parseDocument, type Node, type Pair } from 'yaml';
import { ENV_BINDINGS } from '../env.mapping';

export interface ReferenceRow {
  key: string;
  variable: string | undefined;
  defaultValue: string;
  description: string;
}

const LONG_COMMENT = 280;

function commentOf(pair: Pair, first: boolean, parent: Node): string {
  const own = (pair.key as Node | null)?.commentBefore ?? '';
  // yaml puts the comment above a mapping's first key on the mapping itself.
  const inherited = first ? (parent.commentBefore ?? '') : '';
  const text = (own || inherited)
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .trim();
  if (text.length === 0) return '';
  if (text.length <= LONG_COMMENT) return text;
  const end = /\.\s(?=[A-Z])/.exec(text)?.index;
  const sentence = end === undefined ? text.slice(0, LONG_COMMENT) : text.slice(0, end + 1);
  return `${sentence} (details in config/default.yaml)`;
}

function formatDefault(node: unknown): string {
  if (isScalar(node)) return node.value === null ? '—' : JSON.stringify(node.value);
  const json = JSON.stringify((node as { toJSON?: () => unknown })?.toJSON?.() ?? null);
  return json.length > 60 ? 'see config/default.yaml' : json;
}

function walk(map: Node, prefix: string, rows: ReferenceRow[]): void {
  if (!isMap(map)) return;
  map.items.forEach((pair, index) => {
    if (!isPair(pair)) return;
    const key = `${prefix}${String((pair.key as { value?: unknown })?.value)}`;
    const description = commentOf(pair, index === 0, map);
    const value = pair.value as Node | null;
    // Sections are walked; a documented group (e.g. `answer.fallback`) is one row, like a value.
    const documentedGroup = prefix !== '' && description !== '' && isMap(value);
    if (isMap(value) && !documentedGroup) {
      walk(value, `${key}.`, rows);
      return;
    }
    rows.push({
      key,
      variable: ENV_BINDINGS.find((b) => b.path === key)?.variable,
      defaultValue: formatDefault(value),
      description,
    });
  });
}

/** Every key of config/default.yaml with its variable, default and the comment above it. */
export function configReference(yamlText: string): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const document = parseDocument(yamlText);
  if (document.contents) walk(document.contents, '', rows);
  return rows;
}

const escape = (text: string): string =>
  text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The configuration table of docs/configuration.md, generated so that it always matches the defaults file. */
export function configReferenceMarkdown(yamlText: string): string {
  const lines = [
    '| key | variable | default | meaning |',
    '| --- | --- | --- | --- |',
    ...configReference(yamlText).map(
      (row) =>
        `| \`${row.key}\` | ${row.variable ? `\`${row.variable}\`` : ''} | ${escape(
          row.defaultValue,
        )} | ${escape(row.description || 'as the key above')} |`,
    ),
  ];
  return lines.join('\n');
}

/** The page that holds the generated table, relative to the repository root. */
export const CONFIG_REFERENCE_PAGE = 'docs/configuration.md';

const BEGIN = '<!-- config-reference:begin -->';
const END = '<!-- config-reference:end -->';

/** `page` with `table` between its markers, whatever stood there before. */
export function withConfigReference(page: string, table: string): string {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`${CONFIG_REFERENCE_PAGE} lacks the ${BEGIN} … ${END} markers`);
  }
  return `${page.slice(0, start + BEGIN.length)}\n\n${table}\n\n${page.slice(end)}`;
}
