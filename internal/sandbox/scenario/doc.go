// Package scenario provisions the sandbox's worlds. It does so the way an
// administrator would: through the real aws-sdk-go-v2 clients against the
// running sandbox (IAM, sso-admin, Q Business), so every start of the demo
// world also exercises the emulated control-plane APIs.
package scenario
