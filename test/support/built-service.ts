import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

/**
 * The production entry point (`main.js`) compiled into a folder of the caller's own, inside the
 * repository (so that it resolves node_modules as dist/ does), so that parallel suites never
 * share a build. Returns the folder; remove it with `removeBuild`.
 */
export function buildService(): string {
  mkdirSync(join(root, '.test-dist'), { recursive: true });
  const outDir = mkdtempSync(join(root, '.test-dist', 'dist-'));
  // Type errors are the typecheck step's to report; the suites need the emitted JavaScript.
  const build = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
    { cwd: root, encoding: 'utf8' },
  );
  if (!existsSync(join(outDir, 'main.js'))) throw new Error(`build failed:\n${build.stdout}`);
  return outDir;
}

export function removeBuild(outDir: string | undefined): void {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
}

/** The console's assets built by Vite beside a test build's `main.js`, where the service looks. */
export function buildConsoleInto(buildDir: string): void {
  const outDir = join(buildDir, 'console');
  const build = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.mts',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`console build failed:\n${build.stdout}\n${build.stderr}`);
  }
}
