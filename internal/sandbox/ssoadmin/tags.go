package ssoadmin

// MaxTags is the number of tags a resource may carry.
const MaxTags = 75

// TagResource adds or replaces tags on an application or trusted token issuer.
func (s *Store) TagResource(arn string, tags []Tag) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[arn]; ok {
		merged, err := mergeTags(a.App.Tags, tags)
		if err == nil {
			a.App.Tags = merged
		}
		return err
	}
	if t, ok := s.ttis[arn]; ok {
		merged, err := mergeTags(t.Tags, tags)
		if err == nil {
			t.Tags = merged
			s.ttis[arn] = t
		}
		return err
	}
	if arn == s.instance.ARN {
		return nil
	}
	return errNotFound("Resource %s does not exist", arn)
}

func mergeTags(old, add []Tag) ([]Tag, error) {
	out := append([]Tag(nil), old...)
	for _, t := range add {
		replaced := false
		for i := range out {
			if out[i].Key == t.Key {
				out[i].Value, replaced = t.Value, true
			}
		}
		if !replaced {
			out = append(out, t)
		}
	}
	if len(out) > MaxTags {
		return nil, errQuota("A resource can have at most %d tags", MaxTags)
	}
	return out, nil
}

// ListTags returns the tags of an application, a trusted token issuer or
// the instance (which carries none here).
func (s *Store) ListTags(arn string) ([]Tag, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.apps[arn]; ok {
		return append([]Tag{}, a.App.Tags...), nil
	}
	if t, ok := s.ttis[arn]; ok {
		return append([]Tag{}, t.Tags...), nil
	}
	if arn == s.instance.ARN {
		return []Tag{}, nil
	}
	return nil, errNotFound("Resource %s does not exist", arn)
}
