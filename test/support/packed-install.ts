import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  if (process.env.SWITCHBOARD_TIMINGS) {
    process.stderr.write(`${command} ${args[0]}: ${Date.now() - started} ms\n`);
  }
  return result;
}

/**
 * `npm pack` of the project as `prepack` builds it, in a folder of its own (the build goes to the
 * staged package's `dist/`, never to the repository's): the package files are chosen by the
 * `files` of package.json, exactly as for a published package. Returns the tarball's path.
 */
export function packProject(stage: string): string {
  const pkg = join(stage, 'package');
  mkdirSync(join(pkg, 'config'), { recursive: true });
  const tsc = require.resolve('typescript/bin/tsc');
  run(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')],
    root,
  );
  for (const file of ['package.json', 'README.md', 'config/default.yaml']) {
    cpSync(join(root, file), join(pkg, file));
  }
  const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', stage], pkg);
  const name = packed.stdout.trim().split('\n').pop()!;
  return join(stage, name);
}

/**
 * The example extension copied into `dir`, its `switchboard` dependency pointed at `tarball`,
 * installed with its own NestJS from the registry (or npm's cache), then compiled with its own tsc.
 */
export function installExample(example: string, dir: string, tarball: string): void {
  const source = join(root, 'examples', example);
  cpSync(join(source, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(source, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies.switchboard = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
  run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir);
  if (!existsSync(join(dir, 'dist', 'crm.module.js')))
    throw new Error('the example did not compile');
}
