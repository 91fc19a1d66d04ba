import { Inject, Injectable } from '@nestjs/common';
import {
  callbackUri,
  policyRecordingConfig,
  PolicyRecordingConfigType,
  serverConfig,
  ServerConfigType,
} from '../config';
import type { ParticipantJoiningResponse } from '../notification';

/**
 * The three `participantJoiningResponse`s, built once from the configuration (the hot path only
 * picks one).
 */
@Injectable()
export class JoinResponses {
  readonly accept: ParticipantJoiningResponse = {
    '@odata.type': '#microsoft.graph.acceptJoinResponse',
  };
  /** To this service's own callback: the participant comes back as a new incoming call. */
  readonly inviteOwnCallback: ParticipantJoiningResponse;
  /** `policyRecording.whenFull`. */
  readonly whenFull: ParticipantJoiningResponse;
  readonly ownCallbackUri: string;

  constructor(
    @Inject(policyRecordingConfig.KEY) config: PolicyRecordingConfigType,
    @Inject(serverConfig.KEY) server: ServerConfigType,
  ) {
    // The same callback the Calls module puts in every answer.
    this.ownCallbackUri = callbackUri(server);
    this.inviteOwnCallback = {
      '@odata.type': '#microsoft.graph.inviteNewBotResponse',
      inviteUri: this.ownCallbackUri,
    };
    this.whenFull =
      config.whenFull === 'reject'
        ? { '@odata.type': '#microsoft.graph.rejectJoinResponse', reason: config.rejectReason }
        : {
            '@odata.type': '#microsoft.graph.inviteNewBotResponse',
            inviteUri: config.inviteUri ?? this.ownCallbackUri,
          };
  }
}
