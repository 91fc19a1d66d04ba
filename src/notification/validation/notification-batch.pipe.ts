import {
  BadRequestException,
  HttpException,
  Injectable,
  Logger,
  Optional,
  PipeTransform,
} from '@nestjs/common';
import { jsonBodyValidator } from '../../common/validation/json-body.validation';
import {
  flattenValidationErrors,
  GRAPH_VALIDATION,
} from '../../common/validation/validation.policy';
import { CommsNotificationsDto } from '../dto/comms-notifications.dto';
import { NotificationMetrics } from '../notification.metrics';
import { precheckBody } from './body-shape.precheck';
import { inferResourceTypes } from './resource-type.inference';

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
 * for Graph bodies (GRAPH_VALIDATION), or a 400 whose message names each failing field.
 */
@Injectable()
export class NotificationBatchPipe implements PipeTransform<
  unknown,
  Promise<CommsNotificationsDto>
> {
  private readonly logger = new Logger(NotificationBatchPipe.name);
  /** What Nest's ValidationPipe would do with the body, for less (see json-body.validation.ts). */
  private readonly validation = jsonBodyValidator(CommsNotificationsDto, GRAPH_VALIDATION);

  constructor(@Optional() private readonly metrics?: NotificationMetrics) {}

  async transform(value: unknown): Promise<CommsNotificationsDto> {
    try {
      return await this.validate(value);
    } catch (error) {
      this.metrics?.count('batch', 'rejected');
      throw error;
    }
  }

  private async validate(value: unknown): Promise<CommsNotificationsDto> {
    const problems = precheckBody(value);
    if (problems.length > 0) throw badRequest(problems);
    try {
      const { instance, errors } = await this.validation(inferResourceTypes(value) as object);
      if (errors.length > 0) throw badRequest(flattenValidationErrors(errors));
      return instance;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A library tripping over some input is still about that input, not a server failure.
      this.logger.error({ err: error }, 'validation failed unexpectedly');
      throw new BadRequestException('body could not be validated');
    }
  }
}
