import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError } from '../config';
import { loadExtensionModules } from './extension-modules.loader';

describe('loadExtensionModules', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-extensions-'));
    writeFileSync(
      join(dir, 'crm.module.js'),
      'class CrmModule {}\nmodule.exports = { CrmModule, dynamic: { module: CrmModule }, notAModule: 42 };\n',
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (entries: string[]): readonly string[] => {
    try {
      loadExtensionModules(entries, dir);
      return [];
    } catch (error) {
      return (error as ConfigValidationError).problems;
    }
  };

  it('loads a module class and a dynamic module by file and export name', () => {
    const [sut, dynamic] = loadExtensionModules(
      ['./crm.module.js#CrmModule', './crm.module.js#dynamic'],
      dir,
    );
    expect(typeof sut).toBe('function');
    expect((sut as { name: string }).name).toBe('CrmModule');
    expect(dynamic).toEqual({ module: sut });
  });

  it('loads nothing when none are configured', () => {
    expect(loadExtensionModules([], dir)).toEqual([]);
  });

  it('names the entry whose file cannot be loaded', () => {
    expect(problemsOf(['./crm.module.js#CrmModule', './missing.js#X'])).toEqual([
      expect.stringMatching(/^extensions\.modules\[1\]: cannot load \.\/missing\.js: /),
    ]);
  });

  it('names the entry whose export is not a module', () => {
    expect(problemsOf(['./crm.module.js#notAModule'])).toEqual([
      'extensions.modules[0]: ./crm.module.js exports no module named notAModule',
    ]);
    expect(problemsOf(['./crm.module.js#Absent'])).toEqual([
      'extensions.modules[0]: ./crm.module.js exports no module named Absent',
    ]);
  });
});
