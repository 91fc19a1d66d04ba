import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigValidationError } from '../../config';
import { AnswerPipeline } from '../answer-body/answer.pipeline';
import type { CallDecision } from './call-decision';
import { DecisionService } from './decision.service';
import { decisionProblems } from './decision.validation';
import type { BodyContext } from '../answer-body/request-body.builder';
import type { RuleSet } from './rule-set';

/** Where a failing path of a Graph body comes from in the configuration. */
function configKey(actionPath: string, problem: string): string {
  const [path, ...rest] = problem.split(': ');
  const message = rest.join(': ');
  if (path === 'callbackUri') return `server.publicBaseUrl (PUBLIC_BASE_URL): ${message}`;
  if (path.startsWith('mediaConfig')) return `${actionPath}.mediaProfile: ${message}`;
  const target = /^targets\[(\d+)\]/.exec(path);
  if (target) return `${actionPath}.targets[${target[1]}]: ${message}`;
  return `${actionPath}.${path}: ${message}`;
}

/**
 * Start-up: every configured action (rules, `answer.defaultAction`, `answer.fallback`) is turned
 * into the Graph request it would send and validated as Graph's DTO, and every answer contributor
 * checks it too. A problem stops the service as a configuration error naming the key, before a
 * call could meet it. Runs at bootstrap, after every feature module registered its contributor.
 */
@Injectable()
export class ConfiguredActionsValidator implements OnApplicationBootstrap {
  constructor(
    private readonly decisions: DecisionService,
    private readonly pipeline: AnswerPipeline,
  ) {}

  onApplicationBootstrap(): void {
    const problems = this.problems();
    if (problems.length > 0) throw new ConfigValidationError(problems);
  }

  /** Problems of `set` (default: the rules in force), one per failing key. */
  problems(set?: RuleSet): string[] {
    const ctx: BodyContext = this.decisions.requests.bodyContext();
    return [
      ...this.decisions
        .configuredActions(set)
        .flatMap(({ action, path }) => [
          ...this.check(action, path, ctx),
          ...(action.type === 'answer' ? this.pipeline.validateAction(action, path) : []),
        ]),
      ...this.capacityProblems(set ?? this.decisions.live.current),
    ];
  }

  /**
   * `participantCapacity` is sent on policy-based recording answers only: on a rule that can
   * never match one it would silently do nothing, which is a mistake worth stopping for.
   */
  private capacityProblems(set: RuleSet): string[] {
    return [...set.rules, ...set.shadowRules]
      .filter(
        (rule) =>
          !rule.mayMatchPolicyRecording &&
          rule.action.type === 'answer' &&
          rule.action.participantCapacity !== undefined,
      )
      .map(
        (rule) =>
          `${rule.path}.action.participantCapacity: never sent, since this rule matches no policy-based recording call (match.policyRecording: false)`,
      );
  }

  private check(action: CallDecision, path: string, ctx: BodyContext): string[] {
    return decisionProblems(action, ctx).map((problem) => configKey(path, problem));
  }
}
