import { SCENARIOS } from '../core/types';
import { buildIncomingCall, buildJoiningCall } from './incoming';

const ctx = { callId: 'call-1', tenantId: 'tenant-1', botAppId: 'bot-1', chainId: 'chain-1' };

describe('incoming call payloads', () => {
  it.each(SCENARIOS)('%s is an incoming #microsoft.graph.call naming the bot', (scenario) => {
    const call = buildIncomingCall(scenario, ctx);
    expect(call).toMatchObject({
      '@odata.type': '#microsoft.graph.call',
      id: 'call-1',
      state: 'incoming',
      direction: 'incoming',
      callChainId: 'chain-1',
      tenantId: 'tenant-1',
    });
    expect(JSON.stringify(call.targets)).toContain('bot-1');
  });

  it('shapes the scenario-specific parts', () => {
    expect(buildIncomingCall('group-call', ctx)).toHaveProperty('chatInfo.threadId');
    expect(buildIncomingCall('group-call', ctx)).toHaveProperty(
      ['meetingInfo', '@odata.type'],
      '#microsoft.graph.organizerMeetingInfo',
    );
    const pstn = buildIncomingCall('pstn', ctx);
    expect(pstn).toHaveProperty('source.identity.phone.id');
    expect(pstn).toHaveProperty('callRoutes.0.routingType', 'forwarded');
    const caller = buildIncomingCall('p2p-app-hosted', {
      ...ctx,
      caller: { kind: 'guest', id: 'g1' },
    });
    expect(caller).toHaveProperty('source.identity.guest.id', 'g1');
  });

  it('builds both policy-recording variants', () => {
    const policy = { identifier: 'Gold', participantId: 'p1', userId: 'U1', meetingToken: 'tok' };
    const documented = buildIncomingCall('policy-recording', {
      ...ctx,
      policy: { ...policy, variant: 'documented' },
    });
    expect(documented).toHaveProperty('applicationMetadata.botData.inviteReasons', [
      'PolicyBasedRecording',
    ]);
    expect(documented).toHaveProperty('applicationMetadata.botData.policyIdentifier', 'Gold');
    expect(documented).toHaveProperty('incomingContext.observedParticipantId', 'p1');
    const tenant = buildIncomingCall('policy-recording', {
      ...ctx,
      policy: { ...policy, variant: 'tenant' },
    });
    expect(tenant).toHaveProperty('applicationMetadata.botData.inviteReasons', [
      'ComplianceRecording',
    ]);
    expect(tenant).toHaveProperty(
      'applicationMetadata.botData.policyIdentifier',
      'TeamsComplianceRecordingPolicy=Tenant:Gold',
    );
    const joining = buildJoiningCall({ ...ctx, policy: { ...policy, variant: 'documented' } });
    expect(Object.keys(joining.applicationMetadata as object)).toEqual(['botData']);
    expect(joining).toHaveProperty('incomingContext.sourceParticipantId', 'p1');
  });
});
