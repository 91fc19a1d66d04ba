// Rewrites the configuration table in README.md from config/default.yaml (`npm run docs:config`).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configReferenceMarkdown } from '../src/config/reference/config-reference';

const root = resolve(__dirname, '..');
const BEGIN = '<!-- config-reference:begin -->';
const END = '<!-- config-reference:end -->';

const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const table = configReferenceMarkdown(readFileSync(resolve(root, 'config/default.yaml'), 'utf8'));
const start = readme.indexOf(BEGIN);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md lacks the ${BEGIN} … ${END} markers`);
writeFileSync(
  resolve(root, 'README.md'),
  `${readme.slice(0, start + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`,
);
