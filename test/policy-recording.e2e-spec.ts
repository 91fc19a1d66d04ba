import type { GroupParticipant } from '../emulator';
import { RecordingStatusService } from '../src/policy-recording';
import { eventually, graphRequests, OWN_CALLBACK } from './support/calls-helpers';
import {
  ACCEPT,
  answeredPolicyCall,
  callWhen,
  deliverTo,
  inviteNewBot,
  joiningItem,
  leftItem,
  pbrApi,
  recordingStatusWhen,
  startPolicyRecordingStack,
  stateItem,
} from './support/policy-recording-helpers';
import { newCallId, type JsonObject, type TestStack } from './support';

describe('Policy-based recording (memory store)', () => {
  let stack: TestStack;
  let api: ReturnType<typeof pbrApi>;

  beforeAll(async () => {
    stack = await startPolicyRecordingStack({
      emulator: { joinIntervalMs: 5 },
      config: {
        answer: {
          rules: [
            {
              name: 'rule capacity',
              match: { policyIdentifiers: ['Rule Policy'] },
              action: { type: 'answer', participantCapacity: 2 },
            },
          ],
        },
        policyRecording: {
          participantCapacity: 10,
          groups: [
            { policyIdentifier: 'Grouped', participantCapacity: 3 },
            { policyIdentifier: 'Pair', participantCapacity: 2 },
            { policyIdentifier: 'Rule Policy', participantCapacity: 7 },
          ],
          recordingStatusRetry: { attempts: 2, delayMs: 20, timeoutMs: 3000 },
        },
        // The optional bound on the Graph client's own retries, so that the recording-status
        // tests below can count requests exactly (without it, only each request's deadline bounds them).
        graph: { retry: { maxAttempts: 4 } },
      },
    });
    api = pbrApi(stack.baseUrl);
  });

  afterAll(() => stack?.close());

  const join = async (items: Parameters<typeof deliverTo>[1]) => deliverTo(stack.emulator, items);

  describe('participantCapacity and the policy group', () => {
    it.each(['documented', 'tenant'] as const)(
      'handles exactly C participants on the first call and invites the rest as new calls (%s form)',
      async (variant) => {
        const placed = await stack.emulator.placeCall('policy-recording', {
          participants: 6,
          policyIdentifier: 'Grouped',
          policyVariant: variant,
          joinRouting: 'always-join',
        });
        const group = await stack.emulator.waitForGroup(placed.groupId!, 20_000);

        const results = group.participants.map((p: GroupParticipant) => [p.route, p.result]);
        expect(results).toEqual([
          ['incoming', 'answered'],
          ['joining', 'accepted'],
          ['joining', 'accepted'],
          ['invited', 'answered'],
          ['invited', 'answered'],
          ['invited', 'answered'],
        ]);
        for (const p of group.participants.slice(1)) expect(p.joinStatus).toBe(200);
        for (const p of group.participants.slice(3)) {
          expect(p.joinResponse).toEqual(inviteNewBot(OWN_CALLBACK));
        }
        // Every call of the group was answered in time (the emulator refuses late answers).
        const callIds = new Set(group.participants.map((p) => p.callId!));
        expect(callIds.size).toBe(4);
        for (const callId of callIds) {
          const record = stack.emulator.getCall(callId)!;
          expect(record.action).toMatchObject({
            kind: 'answer',
            accepted: true,
            deadlineMissed: false,
          });
          expect(record.participantCapacity).toBe(3);
        }
        expect(stack.emulator.getCall(placed.callId)!.participantsHandled).toBe(3);

        const call = await callWhen(
          stack.baseUrl,
          placed.callId,
          (c) => c.participantsHandled === 3,
        );
        const first = group.participants[0];
        expect(call).toMatchObject({ participantCapacity: 3, participantsHandled: 3 });
        expect(call.extensions.policyRecording).toMatchObject({
          policyIdentifier:
            variant === 'tenant' ? 'TeamsComplianceRecordingPolicy=Tenant:Grouped' : 'Grouped',
          policyName: 'Grouped',
          inviteReasons: [variant === 'tenant' ? 'ComplianceRecording' : 'PolicyBasedRecording'],
          observedParticipantId: first.participantId,
          participantKey: first.participantId,
          capacitySource: 'group',
        });
      },
    );

    it("lets a rule's participantCapacity win over its group's, and the global one apply otherwise", async () => {
      const ruled = await answeredPolicyCall(stack, { policyIdentifier: 'Rule Policy' });
      const global = await answeredPolicyCall(stack, { policyIdentifier: 'Nobody configured' });

      expect(stack.emulator.getCall(ruled.callId)!.participantCapacity).toBe(2);
      expect(stack.emulator.getCall(global.callId)!.participantCapacity).toBe(10);
      await callWhen(stack.baseUrl, ruled.callId, (c) => c.participantCapacity === 2);
      const call = await callWhen(
        stack.baseUrl,
        global.callId,
        (c) => c.participantCapacity === 10,
      );
      expect(call.extensions.policyRecording).toMatchObject({ capacitySource: 'global' });
    });

    it('sends no participantCapacity on a call that is not policy-based recording', async () => {
      const placed = await stack.emulator.placeCall('p2p-service-hosted');
      const action = await stack.emulator.waitForAction(placed.callId, 5000);

      expect(action.body).not.toHaveProperty('participantCapacity');
      const call = await callWhen(stack.baseUrl, placed.callId, (c) => c.outcome === 'sent');
      expect(call).toMatchObject({ participantCapacity: null, participantsHandled: null });
      expect(call.extensions).not.toHaveProperty('policyRecording');
    });
  });

  describe('participantJoiningNotification', () => {
    it('gives exactly one of many concurrent joins the last seat', async () => {
      const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Pair' });

      const responses = await Promise.all(
        Array.from({ length: 30 }, () => join([joiningItem({ instanceCallId: callId })])),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(30).fill(200));
      const accepted = responses.filter((r) => JSON.stringify(r.body) === JSON.stringify(ACCEPT));
      expect(accepted).toHaveLength(1);
      for (const r of responses)
        if (r !== accepted[0]) expect(r.body).toEqual(inviteNewBot(OWN_CALLBACK));
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
    });

    it('accepts a repeated join of a seated participant without a second seat', async () => {
      const { callId, participantId } = await answeredPolicyCall(stack, {
        policyIdentifier: 'Grouped',
      });
      const other = joiningItem({ instanceCallId: callId });

      expect((await join([other])).body).toEqual(ACCEPT);
      expect((await join([other])).body).toEqual(ACCEPT);
      // The answered call's own participant holds a seat already.
      expect((await join([joiningItem({ instanceCallId: callId, participantId })])).body).toEqual(
        ACCEPT,
      );

      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(ACCEPT);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 3);
    });

    it('keys the seat by source.id when the joining call has no incomingContext', async () => {
      const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Pair' });
      const item = joiningItem({ instanceCallId: callId, withoutIncomingContext: true });

      expect((await join([item])).body).toEqual(ACCEPT);
      expect((await join([item])).body).toEqual(ACCEPT);
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(
        inviteNewBot(OWN_CALLBACK),
      );
    });

    it('invites a join for an unknown call to our own callback', async () => {
      const response = await join([joiningItem({ instanceCallId: newCallId() })]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(inviteNewBot(OWN_CALLBACK));
    });

    it("routes a join whose path names no call to its policy group's call", async () => {
      const { callId } = await answeredPolicyCall(stack, {
        policyIdentifier: 'Pair',
        tenantId: stack.emulator.tenantId,
      });
      const joining = (variant: 'documented' | 'tenant') =>
        joiningItem({ policyIdentifier: 'Pair', variant, tenantId: stack.emulator.tenantId });

      expect((await join([joining('documented')])).body).toEqual(ACCEPT);
      expect((await join([joining('documented')])).body).toEqual(inviteNewBot(OWN_CALLBACK));
      // Another policy group (the tenant form names another identifier): no call of ours.
      expect((await join([joining('tenant')])).body).toEqual(inviteNewBot(OWN_CALLBACK));
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
    });

    it('answers a joining notification mixed in a batch, after the items before it', async () => {
      const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Pair' });
      const seated = joiningItem({ instanceCallId: callId });
      expect((await join([seated])).body).toEqual(ACCEPT);
      const other = await answeredPolicyCall(stack, {
        policyIdentifier: 'Grouped',
        autoEstablish: false,
      });
      const seatedId = (seated.resourceData as { call: { source: { id: string } } }).call.source.id;

      const response = await join([
        stateItem(other.callId, 'established', 90),
        leftItem(callId, seatedId),
        joiningItem({ instanceCallId: callId }),
        {
          changeType: 'updated',
          resourceUrl: `/communications/calls/${callId}/participants`,
          resourceData: [],
        },
      ]);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(ACCEPT);
      await callWhen(stack.baseUrl, other.callId, (c) => c.state === 'established');
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
    });
  });

  describe('leaving', () => {
    it('frees the seat of a participant who left, once; a roster deletion frees one too', async () => {
      const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Grouped' });
      const a = joiningItem({ instanceCallId: callId });
      const b = joiningItem({ instanceCallId: callId });
      const idOf = (item: typeof a) =>
        (item.resourceData as { call: { source: { id: string } } }).call.source.id;
      expect((await join([a])).body).toEqual(ACCEPT);
      expect((await join([b])).body).toEqual(ACCEPT);
      const late = joiningItem({ instanceCallId: callId });
      expect((await join([late])).body).toEqual(inviteNewBot(OWN_CALLBACK));

      expect((await join([leftItem(callId, idOf(a))])).status).toBe(202);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
      // A repeat that differs from the first delivery (or it would be dropped as a duplicate before
      // reaching us), and a left for a participant without a seat: neither frees anything.
      const repeat = leftItem(callId, idOf(a));
      (repeat.resourceData as Record<string, unknown>).id = 'delivered-again';
      expect((await join([repeat, leftItem(callId, 'nobody')])).status).toBe(202);
      expect((await join([late])).body).toEqual(ACCEPT);
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(
        inviteNewBot(OWN_CALLBACK),
      );
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 3);

      await stack.emulator.updateRoster(callId, { left: [idOf(b)] });
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(ACCEPT);
    });

    it('frees the seat a roster deletion on /participants/{id} names, entity or not', async () => {
      const { callId } = await answeredPolicyCall(stack, { policyIdentifier: 'Grouped' });
      const seated = [
        joiningItem({ instanceCallId: callId }),
        joiningItem({ instanceCallId: callId }),
      ];
      for (const item of seated) expect((await join([item])).body).toEqual(ACCEPT);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 3);
      const [first, second] = seated.map(
        (item) => (item.resourceData as { call: { source: { id: string } } }).call.source.id,
      );

      const gone = (participantId: string, resourceData?: JsonObject): JsonObject => ({
        changeType: 'deleted',
        resourceUrl: `/communications/calls/${callId}/participants/${participantId}`,
        ...(resourceData ? { resourceData } : {}),
      });
      expect((await join([gone(first)])).status).toBe(202);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);
      expect(
        (await join([gone(second, { '@odata.type': '#microsoft.graph.participant' })])).status,
      ).toBe(202);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 1);
    });

    it('frees every seat when the call ends, and no longer takes joins for it', async () => {
      const { callId } = await answeredPolicyCall(stack, {
        policyIdentifier: 'Grouped',
        tenantId: stack.emulator.tenantId,
      });
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(ACCEPT);
      await callWhen(stack.baseUrl, callId, (c) => c.participantsHandled === 2);

      stack.emulator.hangUp(callId);

      const call = await callWhen(
        stack.baseUrl,
        callId,
        (c) => c.state === 'terminated' && c.participantsHandled === 0,
      );
      expect(call.participantCapacity).toBe(3);
      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(
        inviteNewBot(OWN_CALLBACK),
      );
      // Nor through its policy group.
      const viaGroup = joiningItem({
        policyIdentifier: 'Grouped',
        tenantId: stack.emulator.tenantId,
      });
      expect((await join([viaGroup])).body).toEqual(inviteNewBot(OWN_CALLBACK));
    });
  });

  describe('recording status', () => {
    const recordingRequests = (callId: string) =>
      graphRequests(stack.emulator, callId, 'updateRecordingStatus');
    /** Graph answers the call's updateRecordingStatus 503, Retry-After 0 (`times` times, or always). */
    const recordingStatusUnavailable = (callId: string, times?: number) =>
      stack.emulator.faults.inject({
        endpoint: 'updateRecordingStatus',
        callId,
        status: 503,
        retryAfterSeconds: 0,
        ...(times === undefined ? {} : { times }),
      });

    it('posts updateRecordingStatus once per established call, duplicates and disorder included', async () => {
      const { callId } = await answeredPolicyCall(stack, { autoEstablish: false });

      await Promise.all([
        stack.emulator.notify(callId, [stateItem(callId, 'established', 10)]),
        stack.emulator.notify(callId, [stateItem(callId, 'established', 11)]),
        stack.emulator.notify(callId, [stateItem(callId, 'establishing', 9)]),
      ]);
      await stack.emulator.notify(callId, [stateItem(callId, 'Established', 12)]);

      const call = await recordingStatusWhen(stack.baseUrl, callId, 'sent');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const requests = recordingRequests(callId);
      expect(requests).toHaveLength(1);
      expect(requests[0].status).toBe(200);
      const body = requests[0].body as { clientContext: string; status: string };
      expect(body).toEqual({
        clientContext: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'recording',
      });
      expect(stack.emulator.getCall(callId)!.recordingStatus).toBe('recording');
      const recorded = call.extensions.policyRecording!.recordingStatus!;
      expect(recorded).toMatchObject({
        status: 'recording',
        source: 'established',
        clientContext: body.clientContext,
        operationStatus: 'completed',
        attempts: 1,
      });
      expect(call.operations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: recorded.operationId,
            kind: 'updateRecordingStatus',
            clientContext: body.clientContext,
            status: 'completed',
          }),
        ]),
      );
    });

    it('retries updateRecordingStatus refused with 503 and Retry-After', async () => {
      const callId = newCallId();
      recordingStatusUnavailable(callId, 2);

      await answeredPolicyCall(stack, { callId });

      await recordingStatusWhen(stack.baseUrl, callId, 'sent');
      expect(recordingRequests(callId).map((r) => r.status)).toEqual([503, 503, 200]);
      expect(stack.emulator.getCall(callId)!.recordingStatus).toBe('recording');
    });

    it("sends again when the Graph client's own retries run out, and stops within bounds", async () => {
      const callId = newCallId();
      // graph.retry.maxAttempts (4) refusals, then one more: the second request of ours gets through.
      recordingStatusUnavailable(callId, 5);
      await answeredPolicyCall(stack, { callId });
      const sent = await recordingStatusWhen(stack.baseUrl, callId, 'sent');
      expect(sent.extensions.policyRecording!.recordingStatus).toMatchObject({ attempts: 2 });
      expect(recordingRequests(callId).map((r) => r.status)).toEqual([
        503, 503, 503, 503, 503, 200,
      ]);

      const failing = newCallId();
      recordingStatusUnavailable(failing);
      await answeredPolicyCall(stack, { callId: failing });
      const failed = await recordingStatusWhen(stack.baseUrl, failing, 'failed');
      expect(failed.extensions.policyRecording!.recordingStatus).toMatchObject({
        attempts: 2,
        error: { status: 503 },
      });
      expect(recordingRequests(failing)).toHaveLength(8);
    });

    it('does not retry a status Graph refuses outright', async () => {
      const callId = newCallId();
      stack.emulator.faults.inject({ endpoint: 'updateRecordingStatus', callId, status: 403 });
      await answeredPolicyCall(stack, { callId });

      await recordingStatusWhen(stack.baseUrl, callId, 'failed');
      expect(recordingRequests(callId).map((r) => r.status)).toEqual([403]);
    });

    it('lets the recorder report a failure once, through RecordingStatusService', async () => {
      const { callId } = await answeredPolicyCall(stack);
      await recordingStatusWhen(stack.baseUrl, callId, 'sent');
      const sut = stack.app.get(RecordingStatusService);

      const first = await sut.reportFailure(callId, 'media lost');
      const again = await sut.reportFailure(callId, 'media lost');

      expect(first).toMatchObject({
        requested: true,
        record: { status: 'failed', state: 'sent', reason: 'media lost', source: 'recorder' },
      });
      expect(again).toMatchObject({ requested: false, reason: 'unchanged' });
      const statuses = recordingRequests(callId).map((r) => (r.body as { status: string }).status);
      expect(statuses).toEqual(['recording', 'failed']);
      expect(stack.emulator.getCall(callId)!.recordingStatus).toBe('failed');
      const contexts = recordingRequests(callId).map(
        (r) => (r.body as { clientContext: string }).clientContext,
      );
      expect(new Set(contexts).size).toBe(2);
    });

    it('takes a status from the operator API, behind the operator key', async () => {
      const { callId } = await answeredPolicyCall(stack);
      await recordingStatusWhen(stack.baseUrl, callId, 'sent');

      const response = await api.post(`/${callId}/recording-status`, {
        status: 'failed',
        reason: 'disk full',
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        callId,
        status: 'failed',
        state: 'sent',
        source: 'operator',
        reason: 'disk full',
      });
      expect(stack.emulator.getCall(callId)!.recordingStatus).toBe('failed');
      const call = await callWhen(
        stack.baseUrl,
        callId,
        (c) => c.extensions.policyRecording?.recordingStatus?.status === 'failed',
      );
      expect(call.extensions.policyRecording!.recordingStatus).toMatchObject({
        state: 'sent',
        source: 'operator',
      });

      const anonymous = await fetch(`${stack.baseUrl}/api/calls/${callId}/recording-status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'recording' }),
      });
      expect(anonymous.status).toBe(401);
      expect((await api.post(`/${callId}/recording-status`, { status: 'paused' })).status).toBe(
        400,
      );
      expect(
        (await api.post(`/${callId}/recording-status`, { status: 'failed', extra: 1 })).status,
      ).toBe(400);
      expect(
        (await api.post(`/${newCallId()}/recording-status`, { status: 'failed' })).status,
      ).toBe(404);
      const regular = await stack.emulator.placeCall('p2p-service-hosted');
      await callWhen(stack.baseUrl, regular.callId, (c) => c.outcome === 'sent');
      expect(
        (await api.post(`/${regular.callId}/recording-status`, { status: 'failed' })).status,
      ).toBe(409);
      expect(recordingRequests(regular.callId)).toHaveLength(0);
    });

    it('documents the recording-status route in the OpenAPI document', async () => {
      const document = (await (await fetch(`${stack.baseUrl}/api/docs-json`)).json()) as {
        paths: Record<string, Record<string, { security?: unknown[]; responses: object }>>;
        components: {
          schemas: Record<string, { properties: Record<string, { enum?: string[] }> }>;
        };
      };

      const route = document.paths['/api/calls/{id}/recording-status']?.post;
      expect(route).toBeDefined();
      expect(Object.keys(route.responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '404', '409']),
      );
      expect(route.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'x-api-key': [] }]));
      expect(document.components.schemas.RecordingStatusRequestDto.properties.status.enum).toEqual([
        'notRecording',
        'recording',
        'failed',
      ]);
    });

    it('follows the completion notification of its updateRecordingStatus operation', async () => {
      const { callId } = await answeredPolicyCall(stack);
      const sent = await recordingStatusWhen(stack.baseUrl, callId, 'sent');
      const { operationId, clientContext } = sent.extensions.policyRecording!.recordingStatus! as {
        operationId: string;
        clientContext: string;
      };

      await stack.emulator.notify(callId, [
        {
          changeType: 'deleted',
          resourceUrl: `/communications/calls/${callId}/operations/${operationId}`,
          resourceData: {
            '@odata.type': '#microsoft.graph.updateRecordingStatusOperation',
            id: operationId,
            clientContext,
            status: 'Failed',
            resultInfo: {
              '@odata.type': '#microsoft.graph.resultInfo',
              code: 500,
              subcode: 0,
              message: 'recording could not start',
            },
          },
        },
      ]);

      const call = await recordingStatusWhen(stack.baseUrl, callId, 'failed');
      expect(call.extensions.policyRecording!.recordingStatus).toMatchObject({
        operationStatus: 'failed',
        error: { code: 'operationFailed', message: 'recording could not start' },
      });
    });
  });

  describe('draining', () => {
    it('answers joins with the whenFull response while draining, and still accepts seated participants', async () => {
      const { callId, participantId } = await answeredPolicyCall(stack, {
        policyIdentifier: 'Grouped',
      });
      const { ReadinessService } = await import('../src/health');
      stack.app.get(ReadinessService).startDraining();

      expect((await join([joiningItem({ instanceCallId: callId })])).body).toEqual(
        inviteNewBot(OWN_CALLBACK),
      );
      expect((await join([joiningItem({ instanceCallId: callId, participantId })])).body).toEqual(
        ACCEPT,
      );
      await eventually(
        async () => (await callWhen(stack.baseUrl, callId, () => true)).participantsHandled === 1,
      );
    });
  });
});
