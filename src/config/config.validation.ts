import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config.schema';
import { PlainObject } from './config.loader';
import { variableForPath } from './env.mapping';

/** Thrown at start-up with one line per invalid or missing setting. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

function describe(path: string): string {
  const variable = variableForPath(path);
  return variable ? `${path} (${variable})` : path;
}

/** Flattens class-validator's tree into `answer.rules[2].action: <why>` lines. */
export function formatValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => {
      // class-validator says "property x should not exist" for unknown keys; say which key.
      const text = message.startsWith('property ') ? 'unknown key' : message;
      return `${describe(path)}: ${text}`;
    });
    return [...own, ...formatValidationErrors(error.children ?? [], path)];
  });
}

const PRODUCTION_REQUIRED: ReadonlyArray<[string, (c: AppConfig) => unknown]> = [
  ['server.publicBaseUrl', (c) => c.server.publicBaseUrl],
  ['azure.tenantId', (c) => c.azure.tenantId],
  ['azure.clientId', (c) => c.azure.clientId],
];

function productionProblems(config: AppConfig): string[] {
  const problems = PRODUCTION_REQUIRED.filter(([, read]) => !read(config)).map(
    ([path]) => `${describe(path)}: required in production`,
  );
  const { clientSecret, certificateKeyFile } = config.azure;
  if (!clientSecret && !certificateKeyFile) {
    problems.push(
      `${describe('azure.clientSecret')}: required in production (or azure.certificateKeyFile)`,
    );
  }
  return problems;
}

function crossFieldProblems(config: AppConfig): string[] {
  const { certificateKeyFile, certificateThumbprint } = config.azure;
  if (certificateKeyFile && !certificateThumbprint) {
    return ['azure.certificateThumbprint: required with azure.certificateKeyFile'];
  }
  return [];
}

/** Validates the merged configuration once; throws with every failing path. */
export function validateConfig(raw: PlainObject, profile: string): AppConfig {
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
  });
  const problems = formatValidationErrors(errors);
  if (problems.length === 0) {
    problems.push(...crossFieldProblems(config));
    if (profile === 'production') problems.push(...productionProblems(config));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
