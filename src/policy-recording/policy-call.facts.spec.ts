import { notificationFixture } from '../../test/support/fixtures';
import type { GraphObject } from '../calls';
import { policyGroupKey, policyNameOf, readPolicyCallFacts } from './policy-call.facts';

function resourceOf(name: string): GraphObject {
  return (notificationFixture(name).value as Array<{ resourceData: GraphObject }>)[0].resourceData;
}

/** The real-tenant form (MicrosoftDocs/msteams-docs#9170). */
const TENANT_CALL: GraphObject = {
  '@odata.type': '#microsoft.graph.call',
  id: 'call-2',
  tenantId: 'tenant-1',
  source: { id: 'source-1' },
  incomingContext: { sourceParticipantId: 'p-1', observedParticipantId: 'p-1' },
  applicationMetadata: {
    botData: {
      inviteReasons: ['ComplianceRecording'],
      policyIdentifier: 'TeamsComplianceRecordingPolicy=Tenant:Sales Floor',
      isMultiParty: true,
      applicationType: 'ComplianceRecording',
      user: {
        participationMethod: 'Callee',
        policyHolderId: '8:orgid:abc',
        policyHolderTenantId: 'tenant-1',
      },
      otherSideUser: { id: '8:orgid:def', participationMethod: 'Caller' },
      pairedRecorders: [],
    },
  },
};

describe('readPolicyCallFacts', () => {
  const sut = readPolicyCallFacts;

  it('reads the documented invitation (pbr-incoming.json)', () => {
    expect(sut(resourceOf('pbr-incoming'))).toMatchObject({
      isPolicyRecording: true,
      inviteReasons: ['PolicyBasedRecording'],
      policyIdentifier: 'Test Policy',
      policyName: 'Test Policy',
      observedParticipantId: '30fad2ce-8989-41a1-8a66-f6636e629a2a',
      participantKey: '30fad2ce-8989-41a1-8a66-f6636e629a2a',
      tenantId: '932899f8-2ea1-4604-8413-27bd2892079f',
      mediaHostedRegion: 'USEA',
      participationMethod: 'callee',
      clientLocation: 'US',
      otherSideUser: {
        id: '971f0300-9c1f-4d99-b5f4-2722e877d490',
        participantId: '3520a1a5-5394-4a41-aa72-9ee6fa18cfc8',
        participationMethod: 'caller',
      },
      pairedRecorders: [
        {
          id: '471f0300-5c1f-4d99-b5f4-2722e877d490',
          participantId: '371f0300-2c1f-4d99-b5f4-2722e877d490',
        },
      ],
    });
  });

  it('reads the joining participant of pbr-participant-joining.json', () => {
    const joining = (resourceOf('pbr-participant-joining') as { call: GraphObject }).call;
    expect(sut(joining)).toMatchObject({
      isPolicyRecording: true,
      participantKey: 'c0fad2ce-8989-41a1-8a66-f6636e629a2b',
    });
  });

  it('reads the real-tenant form, its policy name and capitalised values', () => {
    expect(sut(TENANT_CALL)).toMatchObject({
      isPolicyRecording: true,
      policyIdentifier: 'TeamsComplianceRecordingPolicy=Tenant:Sales Floor',
      policyName: 'Sales Floor',
      applicationType: 'ComplianceRecording',
      isMultiParty: true,
      policyHolderId: '8:orgid:abc',
      participationMethod: 'callee',
      otherSideUser: { id: '8:orgid:def', participationMethod: 'caller' },
    });
  });

  it('matches invite reasons case-insensitively and ignores other reasons', () => {
    const withReasons = (reasons: unknown): GraphObject => ({
      applicationMetadata: { botData: { inviteReasons: reasons } },
    });
    expect(sut(withReasons(['COMPLIANCERECORDING'])).isPolicyRecording).toBe(true);
    expect(sut(withReasons(['policybasedrecording'])).isPolicyRecording).toBe(true);
    expect(sut(withReasons(['SomethingElse'])).isPolicyRecording).toBe(false);
    expect(sut(withReasons('PolicyBasedRecording')).isPolicyRecording).toBe(false);
    expect(sut({}).isPolicyRecording).toBe(false);
    expect(sut(undefined).participantKey).toBeNull();
  });

  it('keys the seat by source.id when there is no observed participant', () => {
    expect(sut({ source: { id: 'source-9' }, incomingContext: {} }).participantKey).toBe(
      'source-9',
    );
    expect(sut({ source: {}, incomingContext: { observedParticipantId: '' } }).participantKey).toBe(
      null,
    );
  });
});

describe('policyNameOf', () => {
  it.each([
    ['TeamsComplianceRecordingPolicy=Tenant:Sales', 'Sales'],
    ['TeamsComplianceRecordingPolicy=Global', 'Global'],
    ['Test Policy', 'Test Policy'],
    [null, null],
  ])('%s → %s', (identifier, name) => {
    expect(policyNameOf(identifier)).toBe(name);
  });
});

describe('policyGroupKey', () => {
  it('is per tenant and case-insensitive, and absent without a policy', () => {
    expect(policyGroupKey('T1', 'Test Policy')).toBe(policyGroupKey('t1', 'TEST POLICY'));
    expect(policyGroupKey('t1', 'Test Policy')).not.toBe(policyGroupKey('t2', 'Test Policy'));
    expect(policyGroupKey('t1', null)).toBeNull();
  });
});
