import { isObject } from '../core/util';

/**
 * Request-body checks for the call actions, as Graph applies them: OData rejects unknown
 * properties on action parameters, enums are checked, `callbackUri` must be https. Each
 * function returns the problems found (empty = valid), each naming its field.
 */

const MODALITIES = ['audio', 'video', 'videoBasedScreenSharing'];
const SERVICE_HOSTED = '#microsoft.graph.serviceHostedMediaConfig';
const APP_HOSTED = '#microsoft.graph.appHostedMediaConfig';
const INCOMING_CALL_OPTIONS = '#microsoft.graph.incomingCallOptions';
const CALL_OPTION_FLAGS = [
  'hideBotAfterEscalation',
  'isContentSharingNotificationEnabled',
  'isDeltaRosterEnabled',
  'isInteractiveRosterEnabled',
];
const REJECT_REASONS = ['none', 'busy', 'forbidden'];
const RECORDING_STATUSES = ['notRecording', 'recording', 'failed'];

function unknownProperties(
  body: Record<string, unknown>,
  allowed: string[],
  where: string,
): string[] {
  return Object.keys(body)
    .filter((key) => !key.startsWith('@odata.') && !allowed.includes(key))
    .map((key) => `${where}${key}: the property does not exist on this type`);
}

export function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function checkCallbackUri(body: Record<string, unknown>, problems: string[]): void {
  if (
    body.callbackUri !== undefined &&
    body.callbackUri !== null &&
    !isHttpsUrl(body.callbackUri)
  ) {
    problems.push('callbackUri: must be an absolute https URI');
  }
}

function checkClientContext(value: unknown, problems: string[], required: boolean): void {
  if (value === undefined || value === null) {
    if (required) problems.push('clientContext: required');
    return;
  }
  if (typeof value !== 'string') problems.push('clientContext: must be a string');
  else if (value.length > 256) problems.push('clientContext: at most 256 characters');
}

function checkMediaInfo(value: unknown, where: string, problems: string[]): void {
  if (!isObject(value)) {
    problems.push(`${where}: must be a mediaInfo object`);
    return;
  }
  if (!isHttpsUrl(value.uri)) problems.push(`${where}.uri: must be an absolute https URI`);
  if (
    value.resourceId !== undefined &&
    value.resourceId !== null &&
    typeof value.resourceId !== 'string'
  ) {
    problems.push(`${where}.resourceId: must be a string`);
  }
  problems.push(...unknownProperties(value, ['uri', 'resourceId'], `${where}.`));
}

export interface AnswerShape {
  mediaConfigType: string | null;
  participantCapacity: number | null;
}

export function validateAnswer(
  body: unknown,
  isPolicyRecording: boolean,
): { problems: string[]; shape: AnswerShape } {
  const problems: string[] = [];
  const shape: AnswerShape = { mediaConfigType: null, participantCapacity: null };
  if (!isObject(body)) return { problems: ['body: must be a JSON object'], shape };
  problems.push(
    ...unknownProperties(
      body,
      ['callbackUri', 'acceptedModalities', 'callOptions', 'mediaConfig', 'participantCapacity'],
      '',
    ),
  );
  checkCallbackUri(body, problems);

  const modalities = body.acceptedModalities;
  if (!Array.isArray(modalities) || modalities.length === 0) {
    problems.push(`acceptedModalities: required, a non-empty array of ${MODALITIES.join(', ')}`);
  } else {
    modalities.forEach((m, i) => {
      if (typeof m !== 'string' || !MODALITIES.includes(m)) {
        problems.push(`acceptedModalities[${i}]: must be one of ${MODALITIES.join(', ')}`);
      }
    });
  }

  const media = body.mediaConfig;
  if (!isObject(media)) {
    problems.push('mediaConfig: required, a serviceHostedMediaConfig or appHostedMediaConfig');
  } else {
    const type = media['@odata.type'];
    if (type === SERVICE_HOSTED) {
      shape.mediaConfigType = 'serviceHosted';
      problems.push(
        ...unknownProperties(
          media,
          ['preFetchMedia', 'removeFromDefaultAudioGroup'],
          'mediaConfig.',
        ),
      );
      if (media.preFetchMedia !== undefined && media.preFetchMedia !== null) {
        if (!Array.isArray(media.preFetchMedia)) {
          problems.push('mediaConfig.preFetchMedia: must be an array of mediaInfo');
        } else {
          media.preFetchMedia.forEach((item, i) =>
            checkMediaInfo(item, `mediaConfig.preFetchMedia[${i}]`, problems),
          );
        }
      }
    } else if (type === APP_HOSTED) {
      shape.mediaConfigType = 'appHosted';
      problems.push(
        ...unknownProperties(media, ['blob', 'removeFromDefaultAudioGroup'], 'mediaConfig.'),
      );
      if (typeof media.blob !== 'string' || media.blob.length === 0) {
        problems.push('mediaConfig.blob: required for appHostedMediaConfig');
      }
    } else {
      problems.push(`mediaConfig.@odata.type: must be ${SERVICE_HOSTED} or ${APP_HOSTED}`);
    }
  }

  if (body.callOptions !== undefined && body.callOptions !== null) {
    const options = body.callOptions;
    if (!isObject(options)) {
      problems.push('callOptions: must be an incomingCallOptions object');
    } else {
      const type = options['@odata.type'];
      if (type !== undefined && type !== INCOMING_CALL_OPTIONS) {
        problems.push(`callOptions.@odata.type: must be ${INCOMING_CALL_OPTIONS}`);
      }
      problems.push(...unknownProperties(options, CALL_OPTION_FLAGS, 'callOptions.'));
      for (const flag of CALL_OPTION_FLAGS) {
        if (
          options[flag] !== undefined &&
          options[flag] !== null &&
          typeof options[flag] !== 'boolean'
        ) {
          problems.push(`callOptions.${flag}: must be a boolean`);
        }
      }
    }
  }

  if (body.participantCapacity !== undefined && body.participantCapacity !== null) {
    const capacity = body.participantCapacity;
    if (
      typeof capacity !== 'number' ||
      !Number.isInteger(capacity) ||
      capacity < 0 ||
      capacity > 2 ** 31 - 1
    ) {
      problems.push('participantCapacity: must be a non-negative Int32');
    } else if (!isPolicyRecording) {
      problems.push(
        'participantCapacity: only allowed when answering a policy-based recording call',
      );
    } else {
      shape.participantCapacity = capacity;
    }
  }
  return { problems, shape };
}

export function validateReject(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be a JSON object'];
  const problems = unknownProperties(body, ['reason', 'callbackUri'], '');
  checkCallbackUri(body, problems);
  if (body.reason !== undefined && body.reason !== null) {
    // The docs' table capitalises the values and their examples do not: Graph takes both.
    if (typeof body.reason !== 'string' || !REJECT_REASONS.includes(body.reason.toLowerCase())) {
      problems.push(`reason: must be one of ${REJECT_REASONS.join(', ')}`);
    }
  }
  return problems;
}

export function validateRedirect(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be a JSON object'];
  const problems = unknownProperties(
    body,
    [
      'targets',
      'timeout',
      'callbackUri',
      'maskCallee',
      'maskCaller',
      'targetDisposition',
      'routingPolicies',
    ],
    '',
  );
  checkCallbackUri(body, problems);
  const targets = body.targets;
  if (!Array.isArray(targets) || targets.length < 1 || targets.length > 25) {
    problems.push('targets: required, 1 to 25 invitationParticipantInfo');
  } else {
    targets.forEach((target, i) => {
      if (!isObject(target) || !isObject(target.identity)) {
        problems.push(`targets[${i}].identity: required identitySet`);
        return;
      }
      const identities = Object.entries(target.identity).filter(
        ([key, value]) => !key.startsWith('@odata.') && isObject(value),
      );
      if (identities.length === 0) {
        problems.push(`targets[${i}].identity: must name at least one identity (user, phone, ...)`);
      }
      for (const [key, value] of identities) {
        if (typeof (value as { id?: unknown }).id !== 'string') {
          problems.push(`targets[${i}].identity.${key}.id: required string`);
        }
      }
    });
  }
  if (body.timeout !== undefined && body.timeout !== null) {
    const t = body.timeout;
    if (typeof t !== 'number' || !Number.isInteger(t) || t < 15 || t > 90) {
      problems.push('timeout: must be an integer from 15 to 90 (seconds)');
    }
  }
  for (const flag of ['maskCallee', 'maskCaller']) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') {
      problems.push(`${flag}: must be a boolean`);
    }
  }
  return problems;
}

export function validateRecordingStatus(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be a JSON object'];
  const problems = unknownProperties(body, ['clientContext', 'status'], '');
  checkClientContext(body.clientContext, problems, true);
  if (typeof body.status !== 'string' || !RECORDING_STATUSES.includes(body.status)) {
    problems.push(`status: required, one of ${RECORDING_STATUSES.join(', ')}`);
  }
  return problems;
}

export function validatePlayPrompt(body: unknown): string[] {
  if (!isObject(body)) return ['body: must be a JSON object'];
  const problems = unknownProperties(body, ['prompts', 'clientContext', 'loop'], '');
  checkClientContext(body.clientContext, problems, false);
  const prompts = body.prompts;
  if (!Array.isArray(prompts) || prompts.length < 1 || prompts.length > 20) {
    problems.push('prompts: required, 1 to 20 mediaPrompt');
  } else {
    prompts.forEach((prompt, i) => {
      if (!isObject(prompt)) {
        problems.push(`prompts[${i}]: must be a mediaPrompt object`);
        return;
      }
      if (
        prompt['@odata.type'] !== undefined &&
        prompt['@odata.type'] !== '#microsoft.graph.mediaPrompt'
      ) {
        problems.push(`prompts[${i}].@odata.type: must be #microsoft.graph.mediaPrompt`);
      }
      checkMediaInfo(prompt.mediaInfo, `prompts[${i}].mediaInfo`, problems);
    });
  }
  return problems;
}
