package secrets

import (
	"bytes"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

var reName = lazyre.New(`^[a-zA-Z0-9/_+=.@!-]+$`)

type createInput struct {
	Name               string
	ClientRequestToken *string
	Description        string
	KmsKeyId           string
	SecretBinary       []byte
	SecretString       *string
	Tags               []Tag
}

func (in createInput) validate() *wire.Error {
	switch {
	case in.Name == "" || utf8.RuneCountInString(in.Name) > 512 || !reName().MatchString(in.Name):
		return clientErr(codeValidation, "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!")
	case in.ClientRequestToken == nil || *in.ClientRequestToken == "":
		return clientErr(codeInvalidReq, "You must provide a ClientRequestToken value. We recommend a UUID-type value.")
	case len(*in.ClientRequestToken) < 32 || len(*in.ClientRequestToken) > 64:
		return clientErr(codeValidation, "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64")
	case in.SecretString != nil && in.SecretBinary != nil:
		return clientErr(codeInvalidParam, "You can't specify both a binary secret value and a string secret value in the same secret.")
	case in.SecretString != nil && (len(*in.SecretString) == 0 || len(*in.SecretString) > 65536):
		return clientErr(codeValidation, "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length between 1 and 65536")
	case in.SecretBinary != nil && (len(in.SecretBinary) == 0 || len(in.SecretBinary) > 65536):
		return clientErr(codeValidation, "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length between 1 and 65536")
	case len(in.Description) > 2048:
		return clientErr(codeValidation, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048")
	case len(in.Tags) > 50:
		return clientErr(codeValidation, "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
	}
	return nil
}

type createOutput struct {
	ARN       string
	Name      string
	VersionId string `json:",omitempty"`
}

// create stores a new secret for the caller's account and region.
func (s *Store) create(region, account string, in createInput) (createOutput, *wire.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prefix := scope(region, account)
	if old, ok := s.resolve(prefix, in.Name); ok {
		return replayCreate(old, in)
	}
	now := s.now()
	sec := &Secret{ARN: prefix + in.Name + "-" + randomSuffix(), Name: in.Name, Description: in.Description, KmsKeyID: in.KmsKeyId,
		Tags: in.Tags, Created: now, LastChanged: now, Versions: map[string]*Version{}}
	out := createOutput{ARN: sec.ARN, Name: sec.Name}
	if in.SecretString != nil || in.SecretBinary != nil {
		v := &Version{ID: *in.ClientRequestToken, String: in.SecretString, Binary: in.SecretBinary, Stages: []string{"AWSCURRENT"}, Created: now}
		sec.Versions[v.ID] = v
		out.VersionId = v.ID
	}
	s.secrets[sec.ARN] = sec
	return out, nil
}

// replayCreate answers a create for an existing name: an idempotent retry
// (same token, same value) succeeds, anything else conflicts.
func replayCreate(old *Secret, in createInput) (createOutput, *wire.Error) {
	if old.scheduled() {
		return createOutput{}, clientErr(codeInvalidReq, "You can't create this secret because a secret with this name is already scheduled for deletion.")
	}
	v, ok := old.Versions[*in.ClientRequestToken]
	if ok && equalPtr(v.String, in.SecretString) && bytes.Equal(v.Binary, in.SecretBinary) {
		return createOutput{ARN: old.ARN, Name: old.Name, VersionId: v.ID}, nil
	}
	return createOutput{}, clientErr(codeExists, "The operation failed because the secret %s already exists.", in.Name)
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
