import { ValidationError, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { jsonBodyValidator } from './json-body.validation';
import { flattenValidationErrors, GRAPH_VALIDATION, STRICT_VALIDATION } from './validation.policy';

class Inner {
  @IsString()
  name!: string;

  @IsOptional()
  @IsInt()
  count?: number;
}

class Outer {
  @IsString()
  kind!: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Inner)
  items?: Inner[];

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  single?: Inner;
}

/** Nest's pipe with the policy: the instance, or the problems its exception factory got. */
async function throughNest(policy: ValidationPipeOptions, body: unknown): Promise<unknown> {
  const pipe = new ValidationPipe({
    ...policy,
    exceptionFactory: (errors: ValidationError[]) => flattenValidationErrors(errors),
  });
  try {
    return await pipe.transform(body, { type: 'body', metatype: Outer });
  } catch (problems) {
    return problems;
  }
}

async function throughOurs(policy: ValidationPipeOptions, body: object): Promise<unknown> {
  const { instance, errors } = await jsonBodyValidator(Outer, policy)(body);
  return errors.length > 0 ? flattenValidationErrors(errors) : instance;
}

const BODIES: Array<[string, string]> = [
  ['valid', '{"kind":"a","items":[{"name":"x","count":1}],"single":{"name":"y"}}'],
  ['invalid at several levels', '{"kind":1,"items":[{"name":2},{"count":"n"}],"single":{}}'],
  ['a nested value of the wrong JSON type', '{"kind":"a","items":"no","single":[1]}'],
  ['unknown properties', '{"kind":"a","extra":{"deep":true},"single":{"name":"y","more":1}}'],
  [
    'prototype keys at every level',
    '{"kind":"a","constructor":{"x":1},"prototype":2,"single":{"name":"y","constructor":"z"}}',
  ],
];

describe('jsonBodyValidator', () => {
  describe.each([
    ['GRAPH_VALIDATION', GRAPH_VALIDATION],
    ['STRICT_VALIDATION', STRICT_VALIDATION],
  ])('gives what Nest\u2019s ValidationPipe gives under %s', (_name, policy) => {
    it.each(BODIES)('for a body %s', async (_case, json) => {
      const expected = await throughNest(policy, JSON.parse(json));
      const actual = await throughOurs(policy, JSON.parse(json) as object);
      expect(actual).toEqual(expected);
      if (!Array.isArray(expected)) expect(actual).toBeInstanceOf(Outer);
    });
  });

  it('removes prototype keys in place, as Nest does before class-transformer copies the body', async () => {
    const body = JSON.parse('{"kind":"a","single":{"name":"y","constructor":"z","prototype":1}}');
    await jsonBodyValidator(Outer, GRAPH_VALIDATION)(body as object);
    expect(body).toEqual({ kind: 'a', single: { name: 'y' } });
  });
});
