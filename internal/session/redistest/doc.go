// Package redistest runs a real redis-server (Debian's, found on PATH) on a
// free loopback port for a test, with persistence off, and stops it when
// the test ends. Without redis-server the test is skipped, unless
// QBIZ_REQUIRE_REDIS=1 asks for it to fail instead.
package redistest
