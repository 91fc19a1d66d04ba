import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];
type Grouped = Record<string, ValidationMetadata[]>;

const INSTALLED = Symbol.for('switchboard.validationMetadataCache');

/**
 * Remembers class-validator's answer to "which rules apply to this class". class-validator works
 * it out again for every object it validates, scanning every decorated class of the process (an
 * `instanceof` each, for inherited rules), then groups the rules by property: at hundreds of
 * notifications a second that was most of the cost of validating them. The answer only changes
 * when rules are added, so it is kept per class and options until then: adding any rule (a class
 * decorated later, a schema registered) forgets everything. Lookups with validation groups are not
 * cached. The arrays handed out are shared: class-validator and Nest only read them.
 *
 * Installed once per metadata storage (the process's, by default); later calls do nothing.
 */
export function cacheValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new Map<unknown, Map<string, ValidationMetadata[]>>();
  let groupedOf = new WeakMap<ValidationMetadata[], Grouped>();
  const forget = (): void => {
    byTarget = new Map();
    groupedOf = new WeakMap();
  };

  storage.getTargetValidationMetadatas = (target, targetSchema, always, strictGroups, groups) => {
    if (groups !== undefined && groups.length > 0) {
      return lookup(target, targetSchema, always, strictGroups, groups);
    }
    let forTarget = byTarget.get(target);
    if (forTarget === undefined) {
      forTarget = new Map();
      byTarget.set(target, forTarget);
    }
    const key = `${always}|${strictGroups}|${targetSchema}`;
    let found = forTarget.get(key);
    if (found === undefined) {
      found = lookup(target, targetSchema, always, strictGroups, groups);
      forTarget.set(key, found);
      groupedOf.set(found, group(found));
    }
    return found;
  };

  // Only arrays this cache handed out are grouped from memory; any other is grouped as before.
  storage.groupByPropertyName = (metadata) => groupedOf.get(metadata) ?? group(metadata);

  const forgetting = <A>(add: (value: A) => void) => {
    return (value: A): void => {
      forget();
      add(value);
    };
  };
  storage.addValidationMetadata = forgetting(storage.addValidationMetadata.bind(storage));
  storage.addConstraintMetadata = forgetting(storage.addConstraintMetadata.bind(storage));
  storage.addValidationSchema = forgetting(storage.addValidationSchema.bind(storage));
}
