package cli

import (
	"errors"
	"fmt"

	"github.com/qbiz/qbiz/internal/config"
	"github.com/qbiz/qbiz/internal/identity"
)

// errNotQbizProfile means the profile exists but has no qbiz_mode.
var errNotQbizProfile = errors.New("not a qbiz profile (no qbiz_mode)")

// loadProfile reads the profile from the AWS config file and layers the
// environment over it (flags > env > file > defaults), then validates it.
func (a *app) loadProfile() (config.Profile, error) {
	file, err := config.Load(a.cfgEnv(), a.profile)
	if err != nil {
		return config.Profile{}, withHint(err, "create it with: qbiz configure --profile "+a.profile)
	}
	p := config.Resolve(file, config.FromEnv(a.cfgEnv()), config.Overrides{})
	if !p.IsQbiz() {
		return config.Profile{}, withHint(fmt.Errorf("profile %q: %w", a.profile, errNotQbizProfile),
			"add qbiz settings with: qbiz configure --profile "+a.profile)
	}
	if p.Mode == identity.ModeIDC && p.IDCRoleARN == "" {
		p.IDCRoleARN = p.RoleARN // the sandbox's profiles name the role qbiz_role_arn
	}
	if err := p.Validate(); err != nil {
		return config.Profile{}, withHint(err, "fix the profile with: qbiz configure --profile "+a.profile)
	}
	return p, nil
}
