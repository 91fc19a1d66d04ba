/**
 * Lua run inside Redis, so that each check-and-write is one atomic step for every instance
 * sharing the store. Keys are passed in KEYS (cluster-safe); ids arrive lower-cased.
 */

/** KEYS: call, index. ARGV: record JSON, id. Creates the call unless it exists. */
export const CREATE_CALL = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('SADD', KEYS[2], ARGV[2])
  return 1
end
return 0
`;

/**
 * KEYS: call. ARGV: the JSON the caller read, the JSON it wants written. Compare-and-set: the
 * write happens only if nobody changed the call since it was read. KEEPTTL keeps an expiry set by
 * `expire` (a terminated call still leaves on time when it is updated afterwards).
 */
export const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
`;

/** KEYS: seats. ARGV: participant, capacity. Returns 'claimed', 'alreadyHeld' or 'full'. */
export const CLAIM_SEAT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'alreadyHeld' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'full' end
redis.call('SADD', KEYS[1], ARGV[1])
return 'claimed'
`;

/** KEYS: group. ARGV: call id (lower case). Clears the group only if that call still holds it. */
export const CLEAR_GROUP = `
local current = redis.call('GET', KEYS[1])
if current and string.lower(current) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`;

/** KEYS: call, seats, index. ARGV: id. */
export const DELETE_CALL = `
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SREM', KEYS[3], ARGV[1])
return 1
`;
