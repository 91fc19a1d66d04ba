/**
 * Lua run inside Redis, so that each check-and-write is one atomic step for every instance
 * sharing the store. Every script touches the keys of ONE call only (one hash slot, so it runs
 * on a Redis Cluster too); cross-call indexes are written with separate commands. Ids arrive
 * lower-cased.
 */

/**
 * KEYS: call, and optionally a repeat marker of the call (its hash tag). ARGV: record JSON, time
 * to live in ms, and the marker's time to live. Creates the call unless it exists, and writes the
 * marker only with it: a repeat's marker is left to the caller, who has more to do first. A
 * script, like every later write of the call: a Redis that refuses scripts refuses the call up
 * front (503) instead of acknowledging what it could not decide.
 */
export const CREATE_CALL = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
if KEYS[2] then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) end
return 1
`;

/**
 * KEYS: call, seats, and optionally a repeat marker of the call (its hash tag). ARGV: the JSON the
 * caller read, the JSON it wants written, the time to live in ms ('0': keep the current one), and
 * the marker's time to live. Compare-and-set: the write happens only if nobody changed the call
 * since it was read, and the marker with it (or alone when the call is gone: nothing to wait for).
 * A live call's write renews its lifetime (and its seats'); a settled one keeps the retention
 * `expire` gave it. Returns {1} when written; else {0, current JSON}, or {0} when the call is gone,
 * so that a writer who lost the race retries without reading again.
 */
export const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
if not current then
  if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
  return {0}
end
if current ~= ARGV[1] then return {0, current} end
if ARGV[3] == '0' then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
end
if KEYS[3] then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
return {1}
`;

/**
 * KEYS: seats. ARGV: participant, capacity, time to live in ms. Returns 'claimed', 'alreadyHeld'
 * or 'full'.
 */
export const CLAIM_SEAT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 'alreadyHeld' end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 'full' end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
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

/**
 * KEYS: a shared index (sorted set). ARGV: score, member, 'NX' or '', time to live in ms, '1' to
 * renew the time to live (else it is set only when the index has none), a score below which
 * entries are trimmed (or ''). Adds the member; an index therefore never lives without a
 * time to live, even when it was emptied and begins again, and is renewed only now and then.
 */
export const INDEX_ADD = `
if ARGV[3] == 'NX' then
  redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[2])
else
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
end
if ARGV[6] ~= '' then redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[6]) end
if ARGV[5] == '1' or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1
`;
