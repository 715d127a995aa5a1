// Package browsertest runs a fresh headless Chromium for a test: Chromium
// finds Debian's browser (skipping without one unless
// QBIZ_REQUIRE_BROWSER=1), and a Tab, with its own user data directory,
// runs steps that fail the test on error and records the script problems
// (uncaught exceptions, console errors) of every page it shows.
package browsertest
