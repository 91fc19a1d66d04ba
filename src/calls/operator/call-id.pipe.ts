import { Injectable, PipeTransform } from '@nestjs/common';
import { assertCallId } from '../call-id';

/** 400 for an id that could not be a Graph call id (it would never reach a Graph URL anyway). */
@Injectable()
export class CallIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return assertCallId(value);
  }
}
