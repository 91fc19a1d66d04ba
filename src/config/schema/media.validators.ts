import { statSync } from 'node:fs';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Cross-key checks of the `media` section (media.schema.ts), each reported at its own key. */

/** True for a profile whose blob comes from the custom provider (I/O on every call). */
export function needsSessionProvider(profile: unknown): boolean {
  const keys = profile as { type?: unknown; blob?: unknown; blobFile?: unknown } | undefined;
  return keys?.type === 'appHosted' && keys.blob === undefined && keys.blobFile === undefined;
}

/**
 * Where each `{type: profile}` fallback points, recorded when `profiles` is built: a validator
 * only sees the object it validates, and this check needs the other profiles.
 */
const fallbackTargets = new WeakMap<object, { target: unknown }>();

export function linkFallbackTarget(fallback: object, target: unknown): void {
  fallbackTargets.set(fallback, { target });
}

export function IsKnownProfile(options?: ValidationOptions): PropertyDecorator {
  const known = (args: ValidationArguments): Map<string, unknown> | undefined => {
    const profiles = (args.object as { profiles?: unknown }).profiles;
    return profiles instanceof Map ? profiles : undefined;
  };
  return ValidateBy(
    {
      name: 'isKnownProfile',
      validator: {
        validate: (value: unknown, args) => {
          const profiles = known(args as ValidationArguments);
          return !profiles || (typeof value === 'string' && profiles.has(value));
        },
        defaultMessage: (args) =>
          `unknown media profile "${String(args?.value)}" (media.profiles: ${[
            ...(known(args as ValidationArguments)?.keys() ?? []),
          ].join(', ')})`,
      },
    },
    options,
  );
}

export function IsUsableFallbackProfile(options?: ValidationOptions): PropertyDecorator {
  const problem = (args: ValidationArguments): string | undefined => {
    const link = fallbackTargets.get(args.object);
    if (!link) return undefined;
    if (link.target === undefined) return `unknown media profile "${String(args.value)}"`;
    // The fallback is what goes out when the provider failed: it must not need the provider.
    if (needsSessionProvider(link.target)) {
      return `media profile "${String(args.value)}" needs the media session provider; a fallback must be service-hosted or have a static blob`;
    }
    return undefined;
  };
  return ValidateBy(
    {
      name: 'isUsableFallbackProfile',
      validator: {
        validate: (_value: unknown, args) => problem(args as ValidationArguments) === undefined,
        defaultMessage: (args) => problem(args as ValidationArguments) ?? 'invalid fallback',
      },
    },
    options,
  );
}

export function NotWith(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notWith',
      validator: {
        validate: (_value: unknown, args) =>
          (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (args) => `give ${other} or ${args?.property}, not both`,
      },
    },
    options,
  );
}

export function IsReadableFile(options?: ValidationOptions): PropertyDecorator {
  const problem = (path: unknown): string | undefined => {
    if (typeof path !== 'string') return undefined;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) return `${path} is not a file`;
      if (stat.size === 0) return `${path} is empty`;
      return undefined;
    } catch (error) {
      return `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  };
  return ValidateBy(
    {
      name: 'isReadableFile',
      validator: {
        validate: (value: unknown) => problem(value) === undefined,
        defaultMessage: (args) => problem(args?.value) ?? 'unreadable file',
      },
    },
    options,
  );
}
