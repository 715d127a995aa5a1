package secrets

import (
	"slices"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type describeOutput struct {
	ARN                string
	Name               string
	Description        string              `json:",omitempty"`
	KmsKeyId           string              `json:",omitempty"`
	LastChangedDate    float64             `json:",omitempty"`
	LastAccessedDate   float64             `json:",omitempty"`
	DeletedDate        float64             `json:",omitempty"`
	Tags               []Tag               `json:",omitempty"`
	VersionIdsToStages map[string][]string `json:",omitempty"`
	CreatedDate        float64
}

func epochOrZero(s *Secret, pick func(*Secret) (bool, float64)) float64 {
	if ok, v := pick(s); ok {
		return v
	}
	return 0
}

// describe returns a secret's metadata; it works on secrets scheduled for
// deletion and shows their DeletedDate.
func (s *Store) describe(prefix, id string) (describeOutput, *wire.Error) {
	if werr := checkSecretID(id); werr != nil {
		return describeOutput{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.resolve(prefix, id)
	if !ok {
		return describeOutput{}, clientErr(codeNotFound, msgNotFound)
	}
	out := describeOutput{ARN: sec.ARN, Name: sec.Name, Description: sec.Description, KmsKeyId: sec.KmsKeyID,
		LastChangedDate: wire.Epoch(sec.LastChanged), Tags: slices.Clone(sec.Tags), CreatedDate: wire.Epoch(sec.Created)}
	out.LastAccessedDate = epochOrZero(sec, func(s *Secret) (bool, float64) { return !s.LastAccessed.IsZero(), wire.Epoch(s.LastAccessed) })
	out.DeletedDate = epochOrZero(sec, func(s *Secret) (bool, float64) { return s.scheduled(), wire.Epoch(s.DeletedDate) })
	if len(sec.Versions) > 0 {
		out.VersionIdsToStages = map[string][]string{}
		for id, v := range sec.Versions {
			out.VersionIdsToStages[id] = slices.Clone(v.Stages)
		}
	}
	return out, nil
}
