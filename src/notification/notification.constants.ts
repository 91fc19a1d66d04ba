import { CALL_ID_PATTERN } from '../common/ids/call-id.pattern';
import { CALLBACK_PATH } from '../config/callback-uri';

/** The path Graph posts notifications to (docs/http-interface.md). */
export const NOTIFICATION_PATH = CALLBACK_PATH;

/**
 * Fastify route-config flag (set with `@RouteConfig`) marking routes whose requests must carry a
 * verified Graph notification token. The `onRequest` gate checks only flagged routes.
 */
export const NOTIFICATION_ROUTE_FLAG = 'switchboardNotificationAuth';

/**
 * Call ids and the ids after them (operation, content sharing session) reach Graph URLs, so only
 * letters, digits, `-` and `_` are accepted (docs/http-interface.md). Bounded so that a key in the store
 * stays small; Graph's ids are 32 to 36 characters.
 */
export const RESOURCE_ID_PATTERN = CALL_ID_PATTERN;

/** `X-Microsoft-Skype-Chain-ID` becomes the `Scenario-Id` header of Graph requests: keep it tame. */
export const CHAIN_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

/** JSON nested deeper than this is refused before any library walks it recursively. */
export const MAX_BODY_DEPTH = 32;
