// Rewrites the configuration table of docs/configuration.md from config/default.yaml (`npm run docs:config`).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CONFIG_REFERENCE_PAGE,
  configReferenceMarkdown,
  withConfigReference,
} from '../src/config/reference/config-reference';

const root = resolve(__dirname, '..');
const page = resolve(root, CONFIG_REFERENCE_PAGE);
const table = configReferenceMarkdown(readFileSync(resolve(root, 'config/default.yaml'), 'utf8'));
writeFileSync(page, withConfigReference(readFileSync(page, 'utf8'), table));
