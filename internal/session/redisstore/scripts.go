package redisstore

import "github.com/redis/go-redis/v9"

// luaNow is the server's time in milliseconds, the clock PEXPIREAT is
// judged by; and a helper that makes an owner set live as long as its
// latest session.
const luaPrelude = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function keepOwnerSet(key)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIREAT', key, last[2]) end
end
`

// createScript: KEYS session, owner set, index; ARGV encoded, end (ms),
// id, owner. 0 if the id is taken.
var createScript = redis.NewScript(luaPrelude + `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'o', ARGV[4])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
keepOwnerSet(KEYS[2])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. now)
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 1
`)

// updateScript: KEYS session, owner set, index; ARGV encoded, end (ms),
// id, owner. 0 if the session is gone, -1 if it belongs to another owner.
var updateScript = redis.NewScript(luaPrelude + `
local o = redis.call('HGET', KEYS[1], 'o')
if not o then return 0 end
if o ~= ARGV[4] then return -1 end
redis.call('HSET', KEYS[1], 'v', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
keepOwnerSet(KEYS[2])
redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[3])
return 1
`)

// deleteScript: KEYS session, index; ARGV id, owner set prefix.
var deleteScript = redis.NewScript(`
local o = redis.call('HGET', KEYS[1], 'o')
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if o then redis.call('ZREM', ARGV[2] .. o, ARGV[1]) end
return 1
`)

// deleteUserScript: KEYS owner set, index; ARGV session key prefix,
// owner. The number of live sessions it deleted.
var deleteUserScript = redis.NewScript(`
local n = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local k = ARGV[1] .. id
  if redis.call('HGET', k, 'o') == ARGV[2] then
    n = n + redis.call('DEL', k)
    redis.call('ZREM', KEYS[2], id)
  end
end
redis.call('DEL', KEYS[1])
return n
`)

// countScript: KEYS index. Drops the ended ids, counts the rest.
var countScript = redis.NewScript(luaPrelude + `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
return redis.call('ZCARD', KEYS[1])
`)

// unlockScript: KEYS lock; ARGV token. Deletes the lock only while it
// holds this token.
var unlockScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)
