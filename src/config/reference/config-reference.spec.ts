import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CONFIG_REFERENCE_PAGE,
  configReference,
  configReferenceMarkdown,
  withConfigReference,
} from './config-reference';

const root = resolve(__dirname, '..', '..', '..');
const defaults = readFileSync(resolve(root, 'config/default.yaml'), 'utf8');

describe('configReference', () => {
  it('lists every key with its variable, default and comment', () => {
    const sut = configReference(
      'a:\n  # Where it listens.\n  port: 3000\n  # Why.\n  host: null\n',
    );
    expect(sut).toEqual([
      {
        key: 'a.port',
        variable: undefined,
        defaultValue: '3000',
        description: 'Where it listens.',
      },
      { key: 'a.host', variable: undefined, defaultValue: '—', description: 'Why.' },
    ]);
  });

  it('names the contract variable of a key', () => {
    const [row] = configReference('server:\n  # PORT: where.\n  port: 3000\n');
    expect(row.variable).toBe('PORT');
  });

  it('documents every key of config/default.yaml (one comment may cover the keys below it)', () => {
    const parent = (key: string): string => key.slice(0, key.lastIndexOf('.'));
    const rows = configReference(defaults);
    const undocumented = rows.filter(
      (row, index) =>
        row.description === '' && (index === 0 || parent(rows[index - 1].key) !== parent(row.key)),
    );
    expect(undocumented).toEqual([]);
  });

  it('is what docs/configuration.md shows (run `npm run docs:config` after changing config/default.yaml)', () => {
    const page = readFileSync(resolve(root, CONFIG_REFERENCE_PAGE), 'utf8');
    expect(withConfigReference(page, configReferenceMarkdown(defaults))).toBe(page);
  });

  it('replaces whatever stands between the markers, and refuses a page without them', () => {
    const page =
      'intro\n<!-- config-reference:begin -->\nold\n<!-- config-reference:end -->\nend\n';
    expect(withConfigReference(page, '| new |')).toBe(
      'intro\n<!-- config-reference:begin -->\n\n| new |\n\n<!-- config-reference:end -->\nend\n',
    );
    expect(() => withConfigReference('no markers', '| new |')).toThrow(/markers/);
  });
});
