package secrets

import (
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type deleteInput struct {
	SecretId                   string
	RecoveryWindowInDays       *int64
	ForceDeleteWithoutRecovery *bool
}

type deleteOutput struct {
	ARN          string
	Name         string
	DeletionDate float64
}

// DefaultRecoveryWindow is the recovery window when none is given.
const DefaultRecoveryWindow = 30

func (in deleteInput) validate() *wire.Error {
	if werr := checkSecretID(in.SecretId); werr != nil {
		return werr
	}
	force := in.ForceDeleteWithoutRecovery != nil && *in.ForceDeleteWithoutRecovery
	if force && in.RecoveryWindowInDays != nil {
		return clientErr(codeInvalidParam, "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.")
	}
	if w := in.RecoveryWindowInDays; w != nil && (*w < 7 || *w > 30) {
		return clientErr(codeInvalidParam, "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).")
	}
	return nil
}

// delete schedules a secret's deletion after the recovery window, or
// removes it at once with ForceDeleteWithoutRecovery.
func (s *Store) delete(prefix string, in deleteInput) (deleteOutput, *wire.Error) {
	if werr := in.validate(); werr != nil {
		return deleteOutput{}, werr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.resolve(prefix, in.SecretId)
	if !ok {
		return deleteOutput{}, clientErr(codeNotFound, msgNotFound)
	}
	now := s.now()
	if in.ForceDeleteWithoutRecovery != nil && *in.ForceDeleteWithoutRecovery {
		delete(s.secrets, sec.ARN)
		return deleteOutput{ARN: sec.ARN, Name: sec.Name, DeletionDate: wire.Epoch(now)}, nil
	}
	if sec.scheduled() {
		return deleteOutput{}, clientErr(codeInvalidReq, msgMarkedDeletion)
	}
	days := int64(DefaultRecoveryWindow)
	if in.RecoveryWindowInDays != nil {
		days = *in.RecoveryWindowInDays
	}
	sec.DeletedDate, sec.DeletionDate = now, now.Add(time.Duration(days)*24*time.Hour)
	return deleteOutput{ARN: sec.ARN, Name: sec.Name, DeletionDate: wire.Epoch(sec.DeletionDate)}, nil
}
