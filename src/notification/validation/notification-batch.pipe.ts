import {
  BadRequestException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  Optional,
  PipeTransform,
} from '@nestjs/common';
import { notificationConfig, type NotificationConfigType } from '../../config';
import { jsonBodyValidator } from '../../common/validation/json-body.validation';
import {
  flattenValidationErrors,
  GRAPH_VALIDATION,
} from '../../common/validation/validation.policy';
import { CommsNotificationsDto } from '../dto/comms-notifications.dto';
import { NotificationMetrics } from '../notification.metrics';
import { type BodyLimits, DEFAULT_BODY_LIMITS, precheckBody } from './body-shape.precheck';
import { inferResourceTypes } from './resource-type.inference';
import { validateInSlices } from './sliced-validation';
import { setAsideTolerated, type ToleratedField } from './tolerated-errors';

/** Enough to find every problem of a real payload without echoing a megabyte of them. */
const MAX_PROBLEMS = 50;

function badRequest(problems: string[]): BadRequestException {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length - shown.length;
  return new BadRequestException(
    more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; '),
  );
}

/**
 * Turns the parsed body into a validated `CommsNotificationsDto` with the project's one policy
 * for Graph bodies (GRAPH_VALIDATION), or a 400 whose message names each failing field. Bounded
 * first (config `notification.limits`), validated a slice at a time when large, and liberal
 * inside: a wrongly typed `@Tolerated()` property is dropped and counted, not refused.
 */
@Injectable()
export class NotificationBatchPipe implements PipeTransform<
  unknown,
  Promise<CommsNotificationsDto>
> {
  private readonly logger = new Logger(NotificationBatchPipe.name);
  /** What Nest's ValidationPipe would do with the body, for less (see json-body.validation.ts). */
  private readonly validation = jsonBodyValidator(CommsNotificationsDto, GRAPH_VALIDATION);
  private readonly limits: BodyLimits;

  constructor(
    @Optional() private readonly metrics?: NotificationMetrics,
    @Optional() @Inject(notificationConfig.KEY) config?: NotificationConfigType,
  ) {
    this.limits = config?.limits ?? DEFAULT_BODY_LIMITS;
  }

  async transform(value: unknown): Promise<CommsNotificationsDto> {
    try {
      return await this.validate(value);
    } catch (error) {
      this.metrics?.count('batch', 'rejected');
      throw error;
    }
  }

  private async validate(value: unknown): Promise<CommsNotificationsDto> {
    const problems = precheckBody(value, this.limits);
    if (problems.length > 0) throw badRequest(problems);
    try {
      const body = inferResourceTypes(value) as Record<string, unknown>;
      const { instance, errors } = await validateInSlices(body, this.validation);
      const separated = setAsideTolerated(errors, instance);
      if (separated.problems.length > 0) {
        throw badRequest(flattenValidationErrors(separated.problems));
      }
      this.reportTolerated(separated.tolerated);
      return instance;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A library tripping over some input is still about that input, not a server failure.
      this.logger.error({ err: error }, 'validation failed unexpectedly');
      throw new BadRequestException('body could not be validated');
    }
  }

  private reportTolerated(tolerated: ToleratedField[]): void {
    if (tolerated.length === 0) return;
    for (const field of tolerated) {
      this.metrics?.deviation({ kind: 'wrongType', path: field.path, on: field.on });
    }
    this.logger.warn(
      { fields: tolerated.slice(0, MAX_PROBLEMS).map((field) => field.path) },
      'notification holds wrongly typed fields this service does not use; dropped, rest accepted',
    );
  }
}
