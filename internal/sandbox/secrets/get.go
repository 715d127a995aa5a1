package secrets

import (
	"slices"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type getInput struct {
	SecretId     string
	VersionId    string
	VersionStage string
}

type getOutput struct {
	ARN           string
	Name          string
	VersionId     string
	SecretBinary  []byte  `json:",omitempty"`
	SecretString  *string `json:",omitempty"`
	VersionStages []string
	CreatedDate   float64
}

func checkSecretID(id string) *wire.Error {
	if id == "" || len(id) > 2048 {
		return clientErr(codeValidation, "1 validation error detected: Value at 'secretId' failed to satisfy constraint: Member must have length between 1 and 2048")
	}
	return nil
}

// get returns a version of a secret's value (AWSCURRENT by default).
func (s *Store) get(prefix string, in getInput) (getOutput, *wire.Error) {
	if werr := checkSecretID(in.SecretId); werr != nil {
		return getOutput{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.resolve(prefix, in.SecretId)
	if !ok {
		return getOutput{}, clientErr(codeNotFound, msgNotFound)
	}
	if sec.scheduled() {
		return getOutput{}, clientErr(codeInvalidReq, msgMarkedDeletion)
	}
	v, werr := pickVersion(sec, in)
	if werr != nil {
		return getOutput{}, werr
	}
	sec.LastAccessed = s.now().Truncate(24 * 60 * 60 * 1e9)
	return getOutput{ARN: sec.ARN, Name: sec.Name, VersionId: v.ID, SecretBinary: v.Binary, SecretString: v.String,
		VersionStages: slices.Clone(v.Stages), CreatedDate: wire.Epoch(v.Created)}, nil
}

func pickVersion(sec *Secret, in getInput) (*Version, *wire.Error) {
	if in.VersionId != "" {
		v, ok := sec.Versions[in.VersionId]
		if !ok {
			return nil, clientErr(codeNotFound, "Secrets Manager can't find the specified secret value for VersionId: %s", in.VersionId)
		}
		if in.VersionStage != "" && !slices.Contains(v.Stages, in.VersionStage) {
			return nil, clientErr(codeInvalidReq, "You provided a VersionStage that is not associated to the provided VersionId.")
		}
		return v, nil
	}
	stage := in.VersionStage
	if stage == "" {
		stage = "AWSCURRENT"
	}
	for _, v := range sec.Versions {
		if slices.Contains(v.Stages, stage) {
			return v, nil
		}
	}
	return nil, clientErr(codeNotFound, "Secrets Manager can't find the specified secret value for staging label: %s", stage)
}
