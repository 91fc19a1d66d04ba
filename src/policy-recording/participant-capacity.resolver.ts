import { Inject, Injectable } from '@nestjs/common';
import { policyRecordingConfig, PolicyRecordingConfigType } from '../config';
import { policyNameOf } from './policy-call.facts';

export interface ResolvedCapacity {
  /** The `participantCapacity` to send; null: none. */
  readonly capacity: number | null;
  readonly source: 'rule' | 'group' | 'global' | null;
}

/**
 * The `participantCapacity` of a policy-based recording call: the deciding rule's (or operator's)
 * own value, else its policy group's (`policyRecording.groups`), else the global one.
 */
@Injectable()
export class ParticipantCapacityResolver {
  private readonly groups: ReadonlyMap<string, number>;

  constructor(
    @Inject(policyRecordingConfig.KEY) private readonly config: PolicyRecordingConfigType,
  ) {
    this.groups = new Map(
      config.groups.map((g) => [g.policyIdentifier.trim().toLowerCase(), g.participantCapacity]),
    );
  }

  resolve(policyIdentifier: string | null, ruleCapacity?: number | null): ResolvedCapacity {
    if (ruleCapacity !== undefined && ruleCapacity !== null) {
      return { capacity: ruleCapacity, source: 'rule' };
    }
    const group = this.groupCapacity(policyIdentifier);
    if (group !== undefined) return { capacity: group, source: 'group' };
    const global = this.config.participantCapacity;
    if (global !== undefined && global !== null) return { capacity: global, source: 'global' };
    return { capacity: null, source: null };
  }

  /** The whole identifier first, so a configured full form wins over a bare name that matches too. */
  private groupCapacity(policyIdentifier: string | null): number | undefined {
    if (!policyIdentifier) return undefined;
    const whole = this.groups.get(policyIdentifier.trim().toLowerCase());
    if (whole !== undefined) return whole;
    const name = policyNameOf(policyIdentifier);
    return name ? this.groups.get(name.trim().toLowerCase()) : undefined;
  }
}

/** A capacity of 0 or 1 (or none) means no grouping (docs/policy-recording.md). */
export function isGrouping(capacity: number | null | undefined): capacity is number {
  return typeof capacity === 'number' && capacity > 1;
}
