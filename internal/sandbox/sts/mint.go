package sts

import (
	"fmt"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/ledger"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type xmlCredentials struct {
	AccessKeyId     string
	SecretAccessKey string
	SessionToken    string
	Expiration      string
}

type xmlAssumedRoleUser struct {
	AssumedRoleId string
	Arn           string
}

// session is a minted role session.
type session struct {
	creds  xmlCredentials
	user   xmlAssumedRoleUser
	packed *int // PackedPolicySize
}

// sessionPrincipal is the principal of a session of role named session.
func (h *handler) sessionPrincipal(role iam.Role, name string) awsauth.Principal {
	return awsauth.Principal{
		Account: h.opt.Account, Kind: "assumed-role", RoleARN: role.ARN, SessionName: name,
		ARN:    fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", h.opt.Account, role.Name, name),
		UserID: role.RoleID + ":" + name,
	}
}

// mint issues credentials for p valid for d (capped by the fault injector)
// and names p in the request's ledger entry, once p's session policy and
// the request's session tags fit the packed-policy space.
func (h *handler) mint(p awsauth.Principal, tags map[string]string, d time.Duration) (session, *wire.Error) {
	packed, werr := packedPolicySize(p.SessionPolicy, tags)
	if werr != nil {
		return session{}, werr
	}
	if h.opt.Lifetime != nil {
		d = h.opt.Lifetime(d)
	}
	c, err := h.opt.Authority.Mint(p, d)
	if err != nil {
		h.opt.Logger.Error("mint credentials failed", "error", err)
		return session{}, wire.Errorf(500, "InternalFailure", "An internal error occurred. Please try again.")
	}
	if h.ctx != nil {
		ledger.SetPrincipal(h.ctx, p.Ledger())
		ledger.SetDetail(h.ctx, "issued_access_key_id", c.AccessKeyID)
	}
	return session{
		creds: xmlCredentials{AccessKeyId: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken,
			Expiration: c.Expiration.UTC().Format("2006-01-02T15:04:05Z")},
		user:   xmlAssumedRoleUser{AssumedRoleId: p.UserID, Arn: p.ARN},
		packed: packed,
	}, nil
}

// capDuration applies the role's MaxSessionDuration to an explicit request.
func capDuration(d time.Duration, explicit bool, role iam.Role) (time.Duration, *wire.Error) {
	max := role.MaxSessionDuration
	if max == 0 {
		max = time.Hour
	}
	if d > max {
		if explicit {
			return 0, errExceedsMax
		}
		d = max
	}
	return d, nil
}
