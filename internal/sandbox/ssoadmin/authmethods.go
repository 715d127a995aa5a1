package ssoadmin

import "encoding/json"

// AuthMethodIAM is the only authentication method type.
const AuthMethodIAM = "IAM"

// PutAuthMethod sets (or overwrites) the application's actor policy.
func (s *Store) PutAuthMethod(appARN, kind string, policy json.RawMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	if a.AuthMethods == nil {
		a.AuthMethods = map[string]json.RawMessage{}
	}
	a.AuthMethods[kind] = append(json.RawMessage(nil), policy...)
	return nil
}

// GetAuthMethod returns the application's actor policy of that type.
func (s *Store) GetAuthMethod(appARN, kind string) (json.RawMessage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return nil, err
	}
	p, ok := a.AuthMethods[kind]
	if !ok {
		return nil, errNotFound("Authentication method %s does not exist for application %s", kind, appARN)
	}
	return p, nil
}

// ListAuthMethods returns the application's authentication methods by type.
func (s *Store) ListAuthMethods(appARN string) (map[string]json.RawMessage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return nil, err
	}
	out := make(map[string]json.RawMessage, len(a.AuthMethods))
	for k, v := range a.AuthMethods {
		out[k] = v
	}
	return out, nil
}

// DeleteAuthMethod removes an authentication method.
func (s *Store) DeleteAuthMethod(appARN, kind string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	if _, ok := a.AuthMethods[kind]; !ok {
		return errNotFound("Authentication method %s does not exist for application %s", kind, appARN)
	}
	delete(a.AuthMethods, kind)
	return nil
}
