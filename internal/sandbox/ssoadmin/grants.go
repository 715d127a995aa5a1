package ssoadmin

import "sort"

// PutGrant enables (or overwrites) a grant on an application. The trusted
// token issuers a jwt-bearer grant names must exist.
func (s *Store) PutGrant(appARN string, g Grant) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	for _, t := range g.AuthorizedTokenIssuers {
		if _, ok := s.ttis[t.TrustedTokenIssuerARN]; !ok {
			return errTTINotFound(t.TrustedTokenIssuerARN)
		}
	}
	if a.Grants == nil {
		a.Grants = map[string]Grant{}
	}
	a.Grants[g.Type] = cloneGrant(g)
	return nil
}

// GetGrant returns the application's grant of that type.
func (s *Store) GetGrant(appARN, grantType string) (Grant, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return Grant{}, err
	}
	g, ok := a.Grants[grantType]
	if !ok {
		return Grant{}, errNotFound("Grant %s does not exist for application %s", grantType, appARN)
	}
	return cloneGrant(g), nil
}

// ListGrants returns the application's grants sorted by type.
func (s *Store) ListGrants(appARN string) ([]Grant, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, err := s.app(appARN)
	if err != nil {
		return nil, err
	}
	out := make([]Grant, 0, len(a.Grants))
	for _, g := range a.Grants {
		out = append(out, cloneGrant(g))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out, nil
}

// DeleteGrant disables a grant.
func (s *Store) DeleteGrant(appARN, grantType string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(appARN)
	if err != nil {
		return err
	}
	if _, ok := a.Grants[grantType]; !ok {
		return errNotFound("Grant %s does not exist for application %s", grantType, appARN)
	}
	delete(a.Grants, grantType)
	return nil
}
