/**
 * Whether `dist/` is older than what it is built from, so that `npm start` rebuilds only when
 * something changed (a build takes tens of seconds; starting the demo should not).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What `npm run build` reads, relative to the repository root. */
export const BUILD_INPUTS: readonly string[] = [
  'src',
  // The operator console's page (npm run build:console), built into dist/console.
  'console',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package-lock.json',
];

/** Files that no build reads (tests beside the code): editing a test needs no rebuild. */
const NOT_BUILT = /\.(spec|e2e-spec|contract|testing|test)\.ts$/;

function newestFile(path: string): { path: string; mtimeMs: number } | undefined {
  if (!existsSync(path)) return undefined;
  const stat = statSync(path);
  if (!stat.isDirectory())
    return NOT_BUILT.test(path) ? undefined : { path, mtimeMs: stat.mtimeMs };
  let newest: { path: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(path)) {
    const candidate = newestFile(join(path, entry));
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/**
 * Why the build at `<root>/<entry>` is stale (missing, or older than an input), or undefined when
 * it is up to date. The build deletes dist/ first, so the entry's mtime is the build's.
 */
export function staleBuildReason(root: string, entry = 'dist/main.js'): string | undefined {
  const built = join(root, entry);
  if (!existsSync(built)) return `${entry} does not exist`;
  const builtAt = statSync(built).mtimeMs;
  for (const input of BUILD_INPUTS) {
    const newest = newestFile(join(root, input));
    if (newest && newest.mtimeMs > builtAt)
      return `${relative(root, newest.path)} changed after the last build`;
  }
  return undefined;
}
