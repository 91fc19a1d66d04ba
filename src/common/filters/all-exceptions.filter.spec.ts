import { HttpException, Logger, NotFoundException } from '@nestjs/common';
import { isHttpException, toErrorBody } from './all-exceptions.filter';

/** `@nestjs/common` loaded again, as an extension with a NestJS of its own has it. */
function anotherNestCommon(): typeof import('@nestjs/common') {
  let loaded: typeof import('@nestjs/common') | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('@nestjs/common') as typeof import('@nestjs/common');
  });
  return loaded!;
}

describe('the exception filter', () => {
  const logger = { error: jest.fn() } as unknown as Logger;
  const other = anotherNestCommon();

  it('is given a second copy of Nest by the test, whose exceptions are not ours', () => {
    expect(other.HttpException).not.toBe(HttpException);
    expect(new other.NotFoundException()).not.toBeInstanceOf(HttpException);
  });

  it('answers an HttpException of another copy of Nest with its own status and message', () => {
    expect(toErrorBody(new other.NotFoundException('no such person'), logger)).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'no such person',
    });
    expect(toErrorBody(new other.BadRequestException(['a is wrong', 'b too']), logger)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a is wrong; b too',
    });
  });

  it('answers our own as before', () => {
    expect(toErrorBody(new NotFoundException('gone'), logger)).toMatchObject({
      statusCode: 404,
      message: 'gone',
    });
  });

  it('does not take any object with a getStatus for an HTTP error', () => {
    const impostor = Object.assign(new Error('secret detail'), {
      getStatus: () => 200,
      getResponse: () => 'x',
    });
    expect(isHttpException(impostor)).toBe(false);
    expect(isHttpException({ getStatus: () => 404, getResponse: () => 'x' })).toBe(false);
    expect(toErrorBody(impostor, logger)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
    });
    expect(isHttpException(new other.HttpException('teapot', 418))).toBe(true);
  });
});
