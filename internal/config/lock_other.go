//go:build !unix

package config

// lockDir is a no-op where flock is unavailable; the atomic rename still
// keeps the file whole, but concurrent writers may lose an update.
func lockDir(string) (func(), error) { return func() {}, nil }
