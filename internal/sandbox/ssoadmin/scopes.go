package ssoadmin

import "sort"

// PutScope registers (or overwrites) an access scope on the application.
func (s *Store) PutScope(appARN string, sc AccessScope) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	if a.Scopes == nil {
		a.Scopes = map[string]AccessScope{}
	}
	sc.AuthorizedTargets = append([]string(nil), sc.AuthorizedTargets...)
	a.Scopes[sc.Scope] = sc
	return nil
}

// GetScope returns one access scope.
func (s *Store) GetScope(appARN, scope string) (AccessScope, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return AccessScope{}, err
	}
	sc, ok := a.Scopes[scope]
	if !ok {
		return AccessScope{}, errNotFound("Scope %s does not exist for application %s", scope, appARN)
	}
	return sc, nil
}

// ListScopes returns the application's access scopes sorted by name.
func (s *Store) ListScopes(appARN string) ([]AccessScope, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return nil, err
	}
	out := make([]AccessScope, 0, len(a.Scopes))
	for _, sc := range a.Scopes {
		out = append(out, sc)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Scope < out[j].Scope })
	return out, nil
}

// DeleteScope removes an access scope.
func (s *Store) DeleteScope(appARN, scope string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	if _, ok := a.Scopes[scope]; !ok {
		return errNotFound("Scope %s does not exist for application %s", scope, appARN)
	}
	delete(a.Scopes, scope)
	return nil
}
