package secrets

import (
	"bytes"
	"slices"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type putInput struct {
	SecretId           string
	ClientRequestToken *string
	SecretString       *string
	SecretBinary       []byte
}

type putOutput struct {
	ARN           string
	Name          string
	VersionId     string
	VersionStages []string
}

func (in putInput) validate() *wire.Error {
	if werr := checkSecretID(in.SecretId); werr != nil {
		return werr
	}
	if (in.SecretString == nil) == (in.SecretBinary == nil) {
		return clientErr(codeInvalidParam, "You must provide either SecretString or SecretBinary.")
	}
	if t := in.ClientRequestToken; t == nil || len(*t) < 32 || len(*t) > 64 {
		return clientErr(codeValidation, "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length between 32 and 64")
	}
	return nil
}

// put stores a new version as AWSCURRENT; the version it replaces becomes
// AWSPREVIOUS. A retry with the same token and value is answered again.
func (s *Store) put(prefix string, in putInput) (putOutput, *wire.Error) {
	if werr := in.validate(); werr != nil {
		return putOutput{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.resolve(prefix, in.SecretId)
	if !ok {
		return putOutput{}, clientErr(codeNotFound, msgNotFound)
	}
	if sec.scheduled() {
		return putOutput{}, clientErr(codeInvalidReq, msgMarkedDeletion)
	}
	if v, ok := sec.Versions[*in.ClientRequestToken]; ok {
		if equalPtr(v.String, in.SecretString) && bytes.Equal(v.Binary, in.SecretBinary) {
			return putOutput{ARN: sec.ARN, Name: sec.Name, VersionId: v.ID, VersionStages: slices.Clone(v.Stages)}, nil
		}
		return putOutput{}, clientErr(codeExists, "A resource with the ID you requested already exists.")
	}
	for _, v := range sec.Versions {
		v.Stages = slices.DeleteFunc(v.Stages, func(st string) bool { return st == "AWSPREVIOUS" })
		if i := slices.Index(v.Stages, "AWSCURRENT"); i >= 0 {
			v.Stages[i] = "AWSPREVIOUS"
		}
	}
	now := s.now()
	v := &Version{ID: *in.ClientRequestToken, String: in.SecretString, Binary: in.SecretBinary, Stages: []string{"AWSCURRENT"}, Created: now}
	sec.Versions[v.ID], sec.LastChanged = v, now
	return putOutput{ARN: sec.ARN, Name: sec.Name, VersionId: v.ID, VersionStages: slices.Clone(v.Stages)}, nil
}

func putSecretValue(s *Store, c call) (any, *wire.Error) {
	var in putInput
	if werr := decode(c, &in); werr != nil {
		return nil, werr
	}
	return s.put(c.prefix, in)
}
