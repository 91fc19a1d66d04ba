import {
  getMetadataStorage,
  IsInt,
  IsString,
  validateSync,
  type ValidatorOptions,
} from 'class-validator';
import { cacheValidationMetadata } from './metadata-cache';

function problems(value: object, options: ValidatorOptions = {}): string[] {
  return validateSync(value, { forbidUnknownValues: false, ...options }).flatMap((error) =>
    Object.keys(error.constraints ?? {}).map((rule) => `${error.property}:${rule}`),
  );
}

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('is installed once, however often it is called', () => {
    const storage = getMetadataStorage();
    const lookup = storage.getTargetValidationMetadatas;
    cacheValidationMetadata();
    expect(storage.getTargetValidationMetadatas).toBe(lookup);
  });

  it('answers as class-validator does, inherited rules included', () => {
    class Base {
      @IsString()
      name: unknown = 1;
    }
    class Derived extends Base {
      @IsInt()
      count: unknown = 'x';
    }
    expect(problems(new Base())).toEqual(['name:isString']);
    expect(problems(new Derived())).toEqual(['count:isInt', 'name:isString']);
    // Again, from memory this time.
    expect(problems(new Derived())).toEqual(['count:isInt', 'name:isString']);
  });

  it('forgets what it knew when a rule is added to a class later', () => {
    class Later {
      @IsString()
      first: unknown = 'ok';
      second: unknown = 'not a number';
    }
    expect(problems(new Later())).toEqual([]);
    IsInt()(Later.prototype, 'second');
    expect(problems(new Later())).toEqual(['second:isInt']);
  });

  it('sees the rules of a subclass declared after its parent was validated', () => {
    class Parent {
      @IsString()
      a: unknown = 1;
    }
    expect(problems(new Parent())).toEqual(['a:isString']);
    class Child extends Parent {
      @IsString()
      b: unknown = 2;
    }
    expect(problems(new Child())).toEqual(['b:isString', 'a:isString']);
  });

  it('keeps validation groups and their options apart', () => {
    class Grouped {
      @IsString({ groups: ['strict'] })
      value: unknown = 1;
    }
    for (let round = 0; round < 2; round++) {
      expect(problems(new Grouped())).toEqual(['value:isString']);
      expect(problems(new Grouped(), { strictGroups: true, forbidUnknownValues: false })).toEqual(
        [],
      );
      expect(problems(new Grouped(), { groups: ['strict'] })).toEqual(['value:isString']);
      expect(problems(new Grouped(), { groups: ['other'] })).toEqual([]);
    }
  });
});
