import { spawnSync } from 'node:child_process';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from './heap-growth';

describe('heapGrowthFlag', () => {
  it("sets the service's heap growth when the process was started without one", () => {
    expect(heapGrowthFlag([])).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=4096'])).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
  });

  it("leaves an operator's own choice alone, in either spelling of the flag", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=300'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap_growing_percent=20'])).toBeUndefined();
    expect(heapGrowthFlag(['--heap-growing-percent', '300'])).toBeUndefined();
  });

  it('does not mistake another flag with the same start for it', () => {
    expect(heapGrowthFlag(['--heap-growing-percentage=1'])).toBe(
      `--heap-growing-percent=${HEAP_GROWING_PERCENT}`,
    );
  });
});

describe('the heap growth flag', () => {
  // setFlagsFromString ignores a flag V8 does not know; node's command line refuses one, so a
  // Node.js release that renamed it fails here rather than leaving the default growth in place.
  it('is one this Node.js knows', () => {
    const flag = heapGrowthFlag([]) as string;
    const run = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
