/** Shorter keys can be guessed; 16 characters is what `openssl rand -hex 8` gives, the least we take. */
export const MIN_OPERATOR_KEY_LENGTH = 16;

/**
 * Values copied from examples and templates rather than generated: a deployment that kept one lets
 * anyone who read the same example into the operator API.
 */
const PLACEHOLDERS: readonly RegExp[] = [
  /^change[-_ ]?me/i,
  /^replace[-_ ]?me/i,
  /^your[-_ ]?(api[-_ ]?)?key/i,
  /example/i,
  /placeholder/i,
];

/**
 * Why a production operator key is refused, or undefined when it is fine. Never repeats the key:
 * the answer goes to the console and the logs.
 */
export function operatorKeyWeakness(key: string): string | undefined {
  if (PLACEHOLDERS.some((pattern) => pattern.test(key.trim())))
    return 'is a placeholder value, not a secret';
  if (key.length < MIN_OPERATOR_KEY_LENGTH)
    return `is shorter than ${MIN_OPERATOR_KEY_LENGTH} characters`;
  return undefined;
}
