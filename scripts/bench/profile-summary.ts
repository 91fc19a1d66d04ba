/**
 * `npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [--skip-seconds 8] [--top 25]`:
 * where a service's busy CPU went during a bench (`npm run bench -- --cpu-prof <dir>`). Samples
 * of the first `--skip-seconds` (start-up, module loading) and idle samples are left out; the
 * rest is ranked by package (a dependency, a folder of `dist/`, a Node module), counting each
 * sample once per package on its stack (inclusive), and by function (self).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1];
  const own = /\/dist\/(.+)$/.exec(url);
  if (own) return `app:${own[1].split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return url;
  return functionName ? `(${functionName})` : '(native)';
}

function ranked(counts: Map<string, number>, total: number, top: number): string[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, n]) => `${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`);
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file)
    throw new Error('usage: profile-summary.ts <file.cpuprofile> [--skip-seconds s] [--top n]');
  const flag = (name: string, fallback: number): number => {
    const at = rest.indexOf(`--${name}`);
    return at >= 0 ? Number(rest[at + 1]) : fallback;
  };
  const skipMicros = flag('skip-seconds', 8) * 1e6;
  const top = flag('top', 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);

  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    elapsed += profile.timeDeltas[index] ?? 0;
    const leaf = byId.get(id)!;
    if (elapsed < skipMicros || leaf.callFrame.functionName === '(idle)') return;
    busy += 1;
    const selfKey = `${packageOf(leaf)} ${leaf.callFrame.functionName || '(anonymous)'}`;
    self.set(selfKey, (self.get(selfKey) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const name = packageOf(byId.get(at)!);
      if (name === '(root)' || seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
    }
  });
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`${busy} busy samples after the first ${skipMicros / 1e6} s`);
  out('--- inclusive, by package');
  ranked(inclusive, busy, top).forEach(out);
  out('--- self, by function');
  ranked(self, busy, top).forEach(out);
}

main();
