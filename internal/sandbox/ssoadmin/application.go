package ssoadmin

import (
	"reflect"
	"sort"
)

// CreateApplication registers a (ARN, account and instance assigned). A
// repeated ClientToken with the same parameters returns the first ARN.
func (s *Store) CreateApplication(a Application) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkInstance(a.InstanceARN); err != nil {
		return "", err
	}
	for _, old := range s.apps {
		if arn, done, err := replayApp(old.App, a); done {
			return arn, err
		}
	}
	a.ARN, a.Account, a.AssignmentRequired = s.newApplicationARN(), s.account, true
	s.apps[a.ARN] = &appState{App: a}
	return a.ARN, nil
}

func replayApp(old, a Application) (string, bool, error) {
	if a.ClientToken != "" && old.ClientToken == a.ClientToken {
		cmp := a
		cmp.ARN, cmp.Account, cmp.CreatedDate, cmp.AssignmentRequired = old.ARN, old.Account, old.CreatedDate, old.AssignmentRequired
		if reflect.DeepEqual(old, cmp) {
			return old.ARN, true, nil
		}
		return "", true, errConflict("ClientToken %s was already used with different parameters", a.ClientToken)
	}
	if old.Name == a.Name {
		return "", true, errConflict("An application with the name %s already exists", a.Name)
	}
	return "", false, nil
}

// ListApplications returns the instance's applications sorted by ARN,
// optionally filtered by account and provider.
func (s *Store) ListApplications(instanceARN, account, provider string) ([]Application, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.checkInstance(instanceARN); err != nil {
		return nil, err
	}
	out := []Application{}
	for _, a := range s.apps {
		if (account == "" || a.App.Account == account) && (provider == "" || a.App.ProviderARN == provider) {
			out = append(out, a.App)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ARN < out[j].ARN })
	return out, nil
}

// DeleteApplication removes an application and everything configured on it.
func (s *Store) DeleteApplication(arn string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.app(arn); err != nil {
		return err
	}
	delete(s.apps, arn)
	return nil
}

// SetAssignmentRequired sets the application's assignment configuration.
func (s *Store) SetAssignmentRequired(arn string, required bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.app(arn)
	if err != nil {
		return err
	}
	a.App.AssignmentRequired = required
	return nil
}
