// Package httpclient builds the HTTP clients qbiz uses to reach AWS and
// identity providers. One Options value, settled once at the composition
// root, configures them all, so every client trusts the same roots: the
// system's, or those of the CA bundle AWS_CA_BUNDLE names, which replace
// them as they do for the AWS SDKs and the AWS CLI.
package httpclient
