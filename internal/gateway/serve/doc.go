// Package serve runs the gateway as qbiz serve does: it builds what the
// gateway is given (session store, sealer, one pooled transport toward
// the IdPs and AWS, the AWS configuration without credentials, the
// Identity Center application's configuration, logger, metrics), serves
// it on a listener with the recommended limits, says it listens only once
// it is ready, and drains requests in flight when its context ends.
//
// The command line parses flags and configuration and calls Run; it never
// imports the gateway (cmd/qbiz joins the two).
package serve
