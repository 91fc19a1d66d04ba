import { deepFreeze } from '../decision/deep-freeze';

/** Distinct bodies kept: the configured actions × media profiles, with room to spare. */
const MAX_BODIES = 64;

/**
 * Answer bodies already validated, by the JSON that goes to Graph. Most calls are answered with
 * one of a few bodies (a configured action merged with its media profile's part), and validating
 * the same body again on every call was a visible share of a call's CPU; a body that differs per
 * call (an app-hosted media blob) only ever evicts the oldest entry. Kept bodies are frozen: many
 * calls share them.
 */
export class ValidatedBodies<T extends object> {
  private readonly bodies = new Map<string, T>();

  constructor(private readonly max = MAX_BODIES) {}

  /** The body validated before under the same JSON, else `validate(body)` (kept when it passes). */
  get(body: object, validate: (body: object) => T): T {
    const key = JSON.stringify(body);
    const kept = this.bodies.get(key);
    if (kept) return kept;
    const validated = deepFreeze(validate(body));
    if (this.bodies.size >= this.max) this.bodies.delete(this.bodies.keys().next().value as string);
    this.bodies.set(key, validated);
    return validated;
  }
}
