import type {
  CallRouteMatchConfig,
  RuleConfig,
  RuleMatchConfig,
} from '../../config/schema/answer.schema';
import type { CallDecision } from './call-decision';
import type { CallFacts, CallRouteFacts } from './call-facts';

/** A configured rule, ready to test calls against. */
export interface CompiledRule {
  /** `name`, else `rules[<index>]`. */
  readonly name: string;
  /** Where it lives in the configuration, for start-up errors. */
  readonly path: string;
  readonly action: CallDecision;
  readonly matches: (facts: CallFacts) => boolean;
  /** False when the rule says `policyRecording: false`: it never sees a policy recording call. */
  readonly mayMatchPolicyRecording: boolean;
}

/** `+1425*` → /^\+1425\d*$/ ; only digits, `+`, `*` and `?` ever reach here (config schema). */
export function phoneGlob(pattern: string): RegExp {
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '\\d*' : ch === '?' ? '\\d' : ch === '+' ? '\\+' : ch))
    .join('');
  return new RegExp(`^${source}$`);
}

/** Phone ids arrive as `+1 (425) 555-0100` or `tel:+14255550100` as often as in E.164. */
export function normalizePhone(raw: string): string {
  return raw.replace(/^tel:/i, '').replace(/[\s().-]/g, '');
}

type Test = (facts: CallFacts) => boolean;

function matchesAnyGlob(globs: readonly RegExp[], raw: string | null): boolean {
  if (!raw) return false;
  const phone = normalizePhone(raw);
  return globs.some((g) => g.test(phone));
}

function compileRouteMatch(match: CallRouteMatchConfig): (route: CallRouteFacts) => boolean {
  const tests: Array<(route: CallRouteFacts) => boolean> = [];
  if (match.routingTypes) {
    const types = new Set<string>(match.routingTypes);
    tests.push((r) => r.routingType !== null && types.has(r.routingType));
  }
  if (match.originalIds) {
    const ids = lowerSet(match.originalIds);
    tests.push((r) => r.originalIds.some((id) => ids.has(id.toLowerCase())));
  }
  if (match.originalPhoneNumbers) {
    const globs = match.originalPhoneNumbers.map(phoneGlob);
    tests.push((r) => matchesAnyGlob(globs, r.originalPhone));
  }
  if (match.finalIds) {
    const ids = lowerSet(match.finalIds);
    tests.push((r) => r.finalIds.some((id) => ids.has(id.toLowerCase())));
  }
  return (route) => tests.every((test) => test(route));
}

function comparableId(id: string): string {
  const phone = normalizePhone(id);
  return /^\+?\d+$/.test(phone) ? phone : id.toLowerCase();
}

function lowerSet(values: readonly string[]): Set<string> {
  return new Set(values.map((v) => v.toLowerCase()));
}

function compileMatch(match: RuleMatchConfig | undefined): Test {
  if (!match) return () => true;
  const tests: Test[] = [];
  if (match.callerKinds) {
    const kinds = new Set<string>(match.callerKinds);
    tests.push((f) => kinds.has(f.caller.kind));
  }
  if (match.callerIds) {
    const ids = lowerSet(match.callerIds);
    tests.push((f) => !!f.caller.id && ids.has(f.caller.id.toLowerCase()));
  }
  if (match.phoneNumbers) {
    const globs = match.phoneNumbers.map(phoneGlob);
    tests.push((f) => f.caller.kind === 'phone' && matchesAnyGlob(globs, f.caller.id));
  }
  if (match.calledIds) {
    // Numbers are compared as dialled, whatever their formatting; other ids case-insensitively.
    const ids = new Set(match.calledIds.map(comparableId));
    tests.push((f) => f.calledIds.some((id) => ids.has(comparableId(id))));
  }
  if (match.callRoute) {
    const route = compileRouteMatch(match.callRoute);
    tests.push((f) => f.callRoutes.some(route));
  }
  if (match.tenantIds) {
    const tenants = lowerSet(match.tenantIds);
    tests.push((f) => !!f.tenantId && tenants.has(f.tenantId.toLowerCase()));
  }
  if (match.targetIds) {
    const targets = lowerSet(match.targetIds);
    tests.push((f) => f.targetIds.some((id) => targets.has(id.toLowerCase())));
  }
  if (match.requestedModalities) {
    const wanted = [...lowerSet(match.requestedModalities)];
    tests.push((f) => wanted.every((m) => f.requestedModalities.includes(m)));
  }
  if (match.meeting !== undefined) {
    const meeting = match.meeting;
    tests.push((f) => f.meeting === meeting);
  }
  if (match.pstn !== undefined) {
    const pstn = match.pstn;
    tests.push((f) => f.pstn === pstn);
  }
  if (match.policyRecording !== undefined) {
    const policyRecording = match.policyRecording;
    tests.push((f) => f.isPolicyRecording === policyRecording);
  }
  if (match.policyIdentifiers) {
    const policies = lowerSet(match.policyIdentifiers);
    tests.push((f) => !!f.policyIdentifier && policies.has(f.policyIdentifier.toLowerCase()));
  }
  return (facts) => tests.every((test) => test(facts));
}

/** Compiled once at start-up, so that matching a call allocates nothing but its facts. */
export function compileRules(
  rules: readonly RuleConfig[],
  basePath = 'answer.rules',
): CompiledRule[] {
  return rules.map((rule, index) => ({
    name: rule.name ?? `rules[${index}]`,
    path: `${basePath}[${index}]`,
    action: rule.action,
    matches: compileMatch(rule.match),
    mayMatchPolicyRecording: rule.match?.policyRecording !== false,
  }));
}

/** The first rule whose match holds (rules are ordered), or undefined. */
export function firstMatchingRule(
  rules: readonly CompiledRule[],
  facts: CallFacts,
): CompiledRule | undefined {
  return rules.find((rule) => rule.matches(facts));
}
