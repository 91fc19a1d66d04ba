import type { ExplanationRow } from './explanation.types';

/** Microsoft's list of the common `resultInfo` codes of a `terminated` call notification. */
export const END_REASONS_SOURCE =
  'Microsoft Learn, "Delete call", call end reason codes: https://learn.microsoft.com/graph/api/call-delete#call-end-reason-codes';

const NORMAL_END = 'Nothing, unless the call ended earlier than the people in it expected.';

function ended(
  status: number,
  subcode: number,
  summary: string,
  check: string = NORMAL_END,
): ExplanationRow {
  return { status, subcode, summary, check, source: END_REASONS_SOURCE };
}

/** Why a call the bot was in ended, from the documented end reason codes (in our own words). */
export const END_REASON_ROWS: readonly ExplanationRow[] = [
  ended(200, 4097, 'Another participant ended the call.'),
  ended(200, 4521, 'The other side of a one-to-one call hung up.'),
  ended(200, 18503, 'The other side of a one-to-one call left.'),
  ended(
    200,
    5000,
    'Another participant (an organiser, a moderator) removed the bot from the call.',
    'Who removed the bot, and whether the meeting policy lets others remove bots.',
  ),
  ended(
    200,
    5300,
    'Another participant removed the bot from the conversation.',
    'Who removed the bot, and whether the meeting policy lets others remove bots.',
  ),
  ended(200, 5001, 'The conversation ended normally.'),
  ended(200, 5003, 'The conversation ended normally.'),
  ended(200, 5002, 'Everyone else left, so the conversation ended.'),
  ended(200, 5007, 'The person who started the group call left, which ended it.'),
  ended(
    200,
    5010,
    'Only one participant was left (often the bot alone), so the conversation ended.',
    'For a recording bot: the recorded user left; nothing to do.',
  ),
  ended(200, 5012, 'No participants were left in the roster, so the conversation ended.'),
  ended(200, 5013, 'Nobody else joined the group call, so it ended.'),
  ended(
    200,
    5014,
    'Teams could not find a participant to host the group call, so it ended.',
    'Repeated occurrences: note the call id and scenario id for Microsoft support.',
  ),
  ended(200, 5020, 'Only hidden participants (such as bots) were left, so the call ended.'),
  ended(200, 5030, 'The breakout room reached its configured duration.'),
  ended(
    200,
    5855,
    'The bot waited in the lobby until the lobby timed out.',
    "The meeting's lobby settings: let the bot (or its application instance) bypass the lobby.",
  ),
  ended(
    200,
    7000,
    'A bot ended the call (this service or another instance, e.g. a hang-up).',
    "This call's log lines and journal for a hang-up sent by the service.",
  ),
  ended(
    200,
    10550,
    'A bot ended the call.',
    "This call's log lines and journal for a hang-up sent by the service.",
  ),
  ended(200, 7015, 'The call was transferred elsewhere; this leg ended as planned.'),
  ended(200, 540000, 'The caller on the phone network (PSTN) hung up.'),
  ended(200, 560000, 'The caller on the phone network (PSTN) hung up.'),
  ended(
    408,
    8537,
    'Graph received no keepAlive for the call for 45 minutes and cleaned it up.',
    'That keepAlive requests are sent and succeed (answer.keepAliveIntervalMs, keepAlive log lines), and that the instance owning the call was running.',
  ),
  ended(
    408,
    1106,
    'Graph did not get the acknowledgement of the call acceptance in time: the bot answered, but the call never completed its set-up.',
    'Decision latency against the deadline (metrics); for app-hosted media, that the media platform connected.',
  ),
  ended(
    408,
    10057,
    'The endpoints being called sent no signalling in time.',
    'Whether the target user or number was reachable; transient if rare.',
  ),
  ended(
    410,
    301005,
    'Media could not connect between the call and its endpoints.',
    'For app-hosted media: the public address, media ports and certificate of the media host. Service-hosted media: transient if rare.',
  ),
  ended(
    480,
    10037,
    'No endpoint of the callee could be found.',
    'The target: that the user or application instance exists and can receive calls.',
  ),
  ended(
    480,
    10076,
    'The callee could not be reached.',
    "For calls to this bot: the bot's calling webhook in the Azure Bot registration, the application instance, and that notifications reach the service (2xx in its logs).",
  ),
  ended(
    480,
    10134,
    'The call could not be routed and was rejected.',
    'Routing of the target (voice routing policy, number assignment).',
  ),
  ended(
    480,
    10199,
    'Private calling is disabled for the user, so the call was rejected.',
    "The user's Teams calling policy (private calling allowed).",
  ),
  ended(
    500,
    1005,
    "Graph lost connectivity with the bot's media.",
    'Network between the media host and Microsoft (ports, firewall, NAT).',
  ),
];
