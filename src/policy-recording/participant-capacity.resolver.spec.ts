import { Test } from '@nestjs/testing';
import type { PolicyRecordingConfigType } from '../config';
import { isGrouping, ParticipantCapacityResolver } from './participant-capacity.resolver';
import { baseProviders } from './policy-recording.testing';

async function resolverWith(
  config: Partial<PolicyRecordingConfigType>,
): Promise<ParticipantCapacityResolver> {
  const moduleRef = await Test.createTestingModule({
    providers: [...baseProviders(config), ParticipantCapacityResolver],
  }).compile();
  return moduleRef.get(ParticipantCapacityResolver);
}

describe('ParticipantCapacityResolver', () => {
  let sut: ParticipantCapacityResolver;

  beforeEach(async () => {
    sut = await resolverWith({
      participantCapacity: 10,
      groups: [
        { policyIdentifier: 'Sales', participantCapacity: 4 },
        {
          policyIdentifier: 'TeamsComplianceRecordingPolicy=Tenant:Support',
          participantCapacity: 6,
        },
        { policyIdentifier: 'Support', participantCapacity: 99 },
      ],
    });
  });

  it("takes the rule's capacity first, even 0", () => {
    expect(sut.resolve('Sales', 2)).toEqual({ capacity: 2, source: 'rule' });
    expect(sut.resolve('Sales', 0)).toEqual({ capacity: 0, source: 'rule' });
  });

  it("takes the group's next, by whole identifier or by policy name, any case", () => {
    expect(sut.resolve('sales')).toEqual({ capacity: 4, source: 'group' });
    expect(sut.resolve('TeamsComplianceRecordingPolicy=Tenant:SALES')).toEqual({
      capacity: 4,
      source: 'group',
    });
    // A configured whole identifier wins over a bare name that matches as well.
    expect(sut.resolve('TeamsComplianceRecordingPolicy=Tenant:Support')).toEqual({
      capacity: 6,
      source: 'group',
    });
    expect(sut.resolve('Support', null)).toEqual({ capacity: 99, source: 'group' });
  });

  it('falls back to the global capacity, then to none', async () => {
    expect(sut.resolve('Unknown')).toEqual({ capacity: 10, source: 'global' });
    expect(sut.resolve(null)).toEqual({ capacity: 10, source: 'global' });
    const bare = await resolverWith({});
    expect(bare.resolve('Sales')).toEqual({ capacity: null, source: null });
  });
});

describe('isGrouping', () => {
  it.each([
    [null, false],
    [undefined, false],
    [0, false],
    [1, false],
    [2, true],
    [100, true],
  ])('%s → %s', (capacity, grouping) => {
    expect(isGrouping(capacity)).toBe(grouping);
  });
});
