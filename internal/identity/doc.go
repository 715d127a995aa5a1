// Package identity is qbiz's domain vocabulary: the sign-in modes, the
// federated user identity that every cache is keyed by, and the sentinel
// errors callers branch on.
//
// It imports only the standard library and nothing else from qbiz, so every
// other package may depend on it.
package identity
