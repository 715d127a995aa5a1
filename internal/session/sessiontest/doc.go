// Package sessiontest is the one conformance suite every session.Store
// passes: the memory store with a fake clock, the Redis store against a
// real redis-server with real time and short lifetimes.
//
// What a store must keep exactly: every field of a Session, SignIn byte
// for byte, times to the nanosecond as the same instant with the same
// zone offset (the zone's name may be lost, as in any encoding that keeps
// only the offset).
package sessiontest
