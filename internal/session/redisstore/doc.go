// Package redisstore is the session.Store that lets several gateway
// replicas share sessions, the SAML replay cache, refresh locks and the
// conversation ownership map through one Redis (go-redis v9).
//
// Keys, all under the store's prefix (P):
//
//	P s:ID      hash {v: encoded session, o: owner}, PEXPIREAT the session's Expires
//	P u:OWNER   sorted set of the owner's session ids scored by their end (DeleteUser)
//	P n         sorted set of all session ids scored by their end (Count)
//	P l:NAME    lock token, SET NX PX lease; unlocked by a compare-and-delete script
//	P r:ID      SAML assertion id, SET NX PX until its end (at least session.SeenFloor)
//	P t:KEY     pre-auth transaction, SET PX ttl; taken with GETDEL
//	P c:ID      conversation owner, SET PX ttl
//
// Count reads the sorted set P n after dropping the ended ids, instead of
// scanning keys: SCAN walks the whole keyspace (every replica's and every
// other application's keys) on each metrics scrape, while the sorted set
// costs O(log n) per sign-in and stays exact.
//
// Multi-key scripts build some key names from the prefix, so in a Redis
// Cluster the prefix must carry a hash tag ("{qbiz}:") that puts all of a
// store's keys in one slot.
//
// The store never logs and its errors name the operation, never a key or
// a value (a session id is a bearer secret). A command whose ctx ends
// returns the ctx's error; go-redis discards a connection whose command
// was cut short, so a late reply is never read as another request's.
package redisstore
