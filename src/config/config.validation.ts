import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AppConfig } from './app-config.schema';
import { PlainObject } from './config.loader';
import { variableForPath } from './env.mapping';
import { operatorKeyWeakness } from './operator-keys.rule';

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

/** Constraints that say a value is of the wrong kind altogether: said before any other. */
const TYPE_CHECKS: ReadonlySet<string> = new Set([
  'isDefined',
  'isInt',
  'isNumber',
  'isString',
  'isBoolean',
  'isArray',
  'isObject',
]);

/**
 * The one message a key gets: its type check when that failed (`PORT=abc` is "must be an integer
 * number", not "must not be greater than 65535", which a range check says of a non-number too),
 * else the first failing constraint, as class-validator orders them.
 */
function messageOf(error: ValidationError): string | undefined {
  const constraints = Object.entries(error.constraints ?? {});
  const typeCheck = constraints.find(([name]) => TYPE_CHECKS.has(name));
  return (typeCheck ?? constraints[0])?.[1];
}

/** Flattens class-validator's tree into `answer.rules[2].action: <why>` lines, one per key. */
export function formatValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = joinPath(parent, error.property);
    const message = messageOf(error);
    // class-validator says "property x should not exist" for unknown keys; say which key.
    const text = message?.startsWith('property ') ? 'unknown key' : message;
    const own = text === undefined ? [] : [`${describe(path)}: ${text}`];
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
  return [...problems, ...operatorKeyProblems(config.operator.apiKeys)];
}

/** An empty list is allowed (the operator API is off); a guessable key is not. */
function operatorKeyProblems(keys: readonly string[]): string[] {
  return keys.flatMap((key, index) => {
    const weakness = operatorKeyWeakness(key);
    if (!weakness) return [];
    return [
      `${describe('operator.apiKeys')}: key ${index + 1} of ${keys.length} ${weakness}; ` +
        'in production use random keys (e.g. `openssl rand -hex 32`), or none to turn the operator API off',
    ];
  });
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
  });
  const problems = formatValidationErrors(errors);
  if (problems.length === 0) {
    problems.push(...crossFieldProblems(config));
    if (profile === 'production') problems.push(...productionProblems(config));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config;
}
