// Package config reads and writes qbiz profiles in the AWS shared config
// file (~/.aws/config, or $AWS_CONFIG_FILE).
//
// A qbiz profile is an ordinary AWS profile:
//
//	[profile work]
//	credential_process = /usr/local/bin/qbiz credentials --profile work
//	region = us-east-1
//	qbiz_mode = oidc
//	qbiz_issuer = https://idp.example.com
//	qbiz_client_id = qbiz-cli
//	qbiz_role_arn = arn:aws:iam::123456789012:role/QBusinessUser
//	qbiz_application_id = …
//
// so the AWS CLI and every AWS SDK use it through credential_process, and
// qbiz reads its own qbiz_* keys. Secrets (client secrets, tokens,
// credentials) never go in this file; they belong to package tokencache.
//
// The package has no ambient inputs: the environment is passed in as an
// Env, and the only files touched are the config file and its directory.
//
// Reading refuses a file with a line it cannot place (a section header
// without its closing bracket, keys before the first header, a line that
// is not "key = value"), as the AWS CLI does, with an error naming the
// file and the line (SyntaxError): reading past such a line would merge
// the keys below it into the profile above. Unknown qbiz_* keys of the
// profile read are returned as warnings naming the nearest known key
// (Read).
//
// Writing (Save) edits the file in place of one section only: every other
// line, comment, profile and byte is preserved, keys qbiz does not manage
// stay inside the edited section, and the result replaces the file
// atomically (temporary file in the same directory, fsync, rename, fsync of
// the directory) with mode 0600 whatever the umask. Writers serialise on an
// advisory lock of the directory. Save refuses to write when the config
// file is a symbolic link (ErrSymlink): replacing the link would silently
// detach a dotfiles-managed file, and following it would write somewhere
// the user did not name. Point AWS_CONFIG_FILE at the real file instead.
// Reading through a symbolic link is allowed.
//
// Precedence is flags > environment > file > defaults (Resolve). The
// environment variable names of the AWS samples qbiz grew from are accepted
// (FromEnv).
package config
