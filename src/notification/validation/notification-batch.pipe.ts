import {
  BadRequestException,
  HttpException,
  Injectable,
  Logger,
  Optional,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
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
  private readonly validation = new ValidationPipe({
    ...GRAPH_VALIDATION,
    // The batch arrives through a custom parameter decorator (see notification-batch.decorator.ts).
    validateCustomDecorators: true,
    exceptionFactory: (errors: ValidationError[]) => badRequest(flattenValidationErrors(errors)),
  });

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
      return (await this.validation.transform(inferResourceTypes(value), {
        type: 'custom',
        metatype: CommsNotificationsDto,
      })) as CommsNotificationsDto;
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A library tripping over some input is still about that input, not a server failure.
      this.logger.error({ err: error }, 'validation failed unexpectedly');
      throw new BadRequestException('body could not be validated');
    }
  }
}
