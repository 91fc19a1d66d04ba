/**
 * Call ids (and the ids after them: operations, content sharing sessions) reach Graph URLs and
 * store keys, so only letters, digits, `-` and `_` are accepted, at most 128 of them (Graph's are
 * 32 to 36). The one definition: notifications, the operator API and the Graph client use it.
 */
export const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
