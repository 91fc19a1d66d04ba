import type { ExplanationRow } from './explanation.types';

const SAMPLES = 'https://github.com/microsoftgraph/microsoft-graph-comms-samples/issues';

function reported(
  status: number | null,
  subcode: number,
  summary: string,
  check: string,
  source: string,
): ExplanationRow {
  return { status, subcode, summary, check, source };
}

const SUPPORT =
  'Keep the call id, scenario id (X-Microsoft-Skype-Chain-ID), request-id and client-request-id for a Microsoft support case.';

/**
 * Codes Microsoft does not document but that bots meet in the field, explained from public
 * reports: what the reporters saw and what was worth checking. Hedged on purpose.
 */
export const FIELD_REPORT_ROWS: readonly ExplanationRow[] = [
  reported(
    500,
    7117,
    'Undocumented platform error ("Server Internal Error. DiagCode: 500#7117"). Reported as intermittent: callbacks for the call did not arrive, or the bot was dropped shortly after joining.',
    `That the call's notifications reached the service (gateway and service logs, 2xx answers); whether it repeats for one region or tenant. ${SUPPORT}`,
    `${SAMPLES}/750`,
  ),
  reported(
    500,
    3002,
    'Undocumented platform error (DiagCode 500#3002): the call was established, then terminated by the platform, with no change on the bot side.',
    `Microsoft 365 service health; whether other calls fail the same way. ${SUPPORT}`,
    'https://github.com/OfficeDev/Microsoft-Teams-Samples/issues/1339',
  ),
  reported(
    500,
    7106,
    'Undocumented platform error (DiagCodes 3002#7106, 3003#7106), reported by policy-recording bots whose call ended right after it was answered.',
    `The answer body (media configuration) and, for app-hosted media, that the media host is reachable. ${SUPPORT}`,
    `${SAMPLES}/664, ${SAMPLES}/667`,
  ),
  reported(
    500,
    1203002,
    'Media negotiation failed for app-hosted media: the call reached establishing, then ended.',
    "The media host's certificate (CA-signed, full chain, matching name), its public IP behind NAT, TCP 8445 and the UDP media ports.",
    `${SAMPLES}/855, ${SAMPLES}/861`,
  ),
  reported(
    500,
    1203003,
    'Undocumented; same 1203xxx range as 1203002, which reports tie to app-hosted media negotiation failing.',
    "As for 1203002: the media host's certificate, public address and media ports.",
    `${SAMPLES}/855 (1203002, same range)`,
  ),
  reported(
    500,
    1999,
    'Undocumented platform error (DiagCode 500#1999): a policy-recording call was deleted part-way while the recorded call went on.',
    `Whether the recorder lost media or the instance restarted at that time. ${SUPPORT}`,
    `${SAMPLES}/742`,
  ),
  reported(
    500,
    7112,
    'Undocumented platform error (DiagCode 500#7112): Graph accepted the answer (202), but the bot never joined the call.',
    "The answer body (callbackUri reachable from the internet, media configuration), the app's calling permissions. " +
      SUPPORT,
    `${SAMPLES}/571`,
  ),
  reported(
    null,
    7504,
    '"Insufficient enterprise tenant permissions, cannot access this API": the tenant has not granted the app what the request needs.',
    'Application permissions (Calls.AccessMedia.All, Calls.JoinGroupCall.All, Calls.Initiate.All...) with admin consent in the tenant the call belongs to; for compliance recording, the recording policy and its application instance.',
    `${SAMPLES}/276, ${SAMPLES}/332`,
  ),
  reported(
    null,
    8522,
    '"Call not found": the call has ended (caller hung up, deadline passed, another decision already ended it) or the id is unknown to Graph.',
    'Whether the call was still alive (its terminated notification, its deadline); for answers, decision latency; for keepAlive, that the call ended.',
    `${SAMPLES}/191, ${SAMPLES}/173, ${SAMPLES}/332`,
  ),
  reported(
    null,
    8506,
    '"API call not allowed for non-Compliance Recording call": updateRecordingStatus was sent for a call that no compliance-recording policy invited the bot to.',
    "That the call came with a recording policy's invite (botData.inviteReasons) and that only policy-recording calls get a recording status.",
    `${SAMPLES}/444; https://learn.microsoft.com/graph/api/call-updaterecordingstatus`,
  ),
];
