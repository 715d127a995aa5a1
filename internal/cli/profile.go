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
	file, err := a.readProfile()
	if errors.Is(err, config.ErrProfileNotFound) {
		return config.Profile{}, withHint(err, "create it with: qbiz configure --profile "+a.profile)
	}
	var syntax *config.SyntaxError
	if errors.As(err, &syntax) {
		return config.Profile{}, withHint(err, "fix that line of the AWS config file (the AWS CLI cannot read it either)")
	}
	if err != nil {
		return config.Profile{}, err
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

// readProfile reads the profile's sections of the config file, showing
// on stderr what the reader passed over (unknown qbiz_* keys).
func (a *app) readProfile() (config.Profile, error) {
	p, warnings, err := config.Read(a.cfgEnv(), a.profile)
	for _, w := range warnings {
		if a.env.Stderr != nil {
			fmt.Fprintf(a.env.Stderr, "qbiz: warning: %s\n", w)
		}
	}
	return p, err
}
