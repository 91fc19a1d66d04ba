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
    // A module with options, as an extension writes it (plain JS, so required by absolute path).
    const from = (id: string): string => JSON.stringify(require.resolve(id));
    writeFileSync(
      join(dir, 'with-options.module.js'),
      [
        `const { ConfigurableModuleBuilder, Module } = require(${from('@nestjs/common')});`,
        `const { IsUrl, IsInt, IsOptional, Min } = require(${from('class-validator')});`,
        `const { ExtensionOptions } = require(${from('./extension-options')});`,
        'class DirectoryOptions { constructor() { this.timeoutMs = 500; } }',
        "IsUrl({ require_tld: false })(DirectoryOptions.prototype, 'directoryUrl');",
        "IsOptional()(DirectoryOptions.prototype, 'timeoutMs');",
        "IsInt()(DirectoryOptions.prototype, 'timeoutMs');",
        "Min(1)(DirectoryOptions.prototype, 'timeoutMs');",
        'const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder()',
        "  .setClassMethodName('forRoot').build();",
        'class DirectoryModule extends ConfigurableModuleClass {}',
        'Module({})(DirectoryModule);',
        'ExtensionOptions(DirectoryOptions)(DirectoryModule);',
        'module.exports = { DirectoryModule, DirectoryOptions, MODULE_OPTIONS_TOKEN };',
      ].join('\n'),
    );
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (entries: Parameters<typeof loadExtensionModules>[0]): readonly string[] => {
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

  describe('with options', () => {
    const fixture = (): Record<string, unknown> =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(join(dir, 'with-options.module.js')) as Record<string, unknown>;

    it('hands the options, validated as the module’s own class, to its forRoot', () => {
      const [sut] = loadExtensionModules(
        [
          {
            module: './with-options.module.js#DirectoryModule',
            options: { directoryUrl: 'http://127.0.0.1:9/people' },
          },
        ],
        dir,
      );
      const { DirectoryModule, DirectoryOptions, MODULE_OPTIONS_TOKEN } = fixture();
      expect(sut).toMatchObject({ module: DirectoryModule });
      const provider = (
        sut as { providers: Array<{ provide: unknown; useValue: unknown }> }
      ).providers.find((p) => p.provide === MODULE_OPTIONS_TOKEN);
      expect(provider?.useValue).toBeInstanceOf(DirectoryOptions as new () => object);
      expect(provider?.useValue).toEqual({
        directoryUrl: 'http://127.0.0.1:9/people',
        timeoutMs: 500,
      });
    });

    it('names each problem of the options, one line each, unknown keys included', () => {
      expect(
        problemsOf([
          './crm.module.js#CrmModule',
          {
            module: './with-options.module.js#DirectoryModule',
            options: { directoryUrl: 'not a url', timeoutMs: 0, extra: true },
          },
        ]),
      ).toEqual([
        'extensions.modules[1].options.extra: unknown key',
        'extensions.modules[1].options.directoryUrl: directoryUrl must be a URL address',
        'extensions.modules[1].options.timeoutMs: timeoutMs must not be less than 1',
      ]);
    });

    it('validates a module’s options even when the entry gives none', () => {
      expect(problemsOf(['./with-options.module.js#DirectoryModule'])).toEqual([
        'extensions.modules[0].options.directoryUrl: directoryUrl must be a URL address',
      ]);
    });

    it('refuses options for a module that takes none, and entries of another shape', () => {
      expect(
        problemsOf([
          { module: './crm.module.js#CrmModule', options: { a: 1 } },
          { module: './crm.module.js#CrmModule', option: {} } as never,
          42 as never,
        ]),
      ).toEqual([
        'extensions.modules[0].options: CrmModule takes no options (it has no static forRoot)',
        'extensions.modules[1]: unknown key option (module, options)',
        expect.stringMatching(/^extensions\.modules\[2\]: must be <file>#<ExportedModuleName>/),
      ]);
    });
  });
});
