package ssoadmin

import (
	"reflect"
	"sort"
)

// CreateTrustedTokenIssuer registers t (ARN assigned) on the instance.
// A repeated ClientToken with the same parameters returns the first ARN.
func (s *Store) CreateTrustedTokenIssuer(instanceARN string, t TrustedTokenIssuer) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkInstance(instanceARN); err != nil {
		return "", err
	}
	for _, old := range s.ttis {
		if arn, done, err := replayTTI(old, t); done {
			return arn, err
		}
	}
	if len(s.ttis) >= MaxTrustedTokenIssuers {
		return "", errQuota("You have reached the maximum number of trusted token issuers (%d) for this instance.", MaxTrustedTokenIssuers)
	}
	t.ARN = s.newTTIARN()
	s.ttis[t.ARN] = t
	return t.ARN, nil
}

// replayTTI decides a create against an existing issuer: an idempotent
// replay, a conflict, or nothing to do with it.
func replayTTI(old, t TrustedTokenIssuer) (string, bool, error) {
	if t.ClientToken != "" && old.ClientToken == t.ClientToken {
		cmp := t
		cmp.ARN = old.ARN
		if reflect.DeepEqual(old, cmp) {
			return old.ARN, true, nil
		}
		return "", true, errConflict("ClientToken %s was already used with different parameters", t.ClientToken)
	}
	if old.Name == t.Name {
		return "", true, errConflict("A trusted token issuer with the name %s already exists", t.Name)
	}
	if old.IssuerURL == t.IssuerURL {
		return "", true, errConflict("A trusted token issuer with the issuer URL %s already exists", t.IssuerURL)
	}
	return "", false, nil
}

// ListTrustedTokenIssuers returns every issuer sorted by ARN.
func (s *Store) ListTrustedTokenIssuers(instanceARN string) ([]TrustedTokenIssuer, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.checkInstance(instanceARN); err != nil {
		return nil, err
	}
	out := make([]TrustedTokenIssuer, 0, len(s.ttis))
	for _, t := range s.ttis {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ARN < out[j].ARN })
	return out, nil
}

// DeleteTrustedTokenIssuer removes an issuer no grant refers to.
func (s *Store) DeleteTrustedTokenIssuer(arn string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ttis[arn]; !ok {
		return errTTINotFound(arn)
	}
	for _, a := range s.apps {
		for _, g := range a.Grants {
			for _, ati := range g.AuthorizedTokenIssuers {
				if ati.TrustedTokenIssuerARN == arn {
					return errConflict("TrustedTokenIssuer %s is used by application %s", arn, a.App.ARN)
				}
			}
		}
	}
	delete(s.ttis, arn)
	return nil
}
