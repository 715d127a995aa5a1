package ssoadmin

import (
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

type createAppIn struct {
	InstanceArn            string
	ApplicationProviderArn string
	Name                   string
	Description            string
	PortalOptions          *PortalOptions
	Tags                   []Tag
	Status                 string
	ClientToken            string
}

func (in createAppIn) validate() error {
	var v validator
	v.arn("instanceArn", in.InstanceArn, true, reInstanceARN)
	v.arn("applicationProviderArn", in.ApplicationProviderArn, true, reProviderARN)
	v.str("name", in.Name, true, 0, 255, reName)
	v.str("description", in.Description, false, 1, 128, nil)
	v.enum("status", in.Status, false, "ENABLED", "DISABLED")
	v.str("clientToken", in.ClientToken, false, 1, 64, reClientToken)
	v.tags(in.Tags)
	validatePortal(&v, in.PortalOptions)
	if err := v.err(); err != nil {
		return err
	}
	if in.ApplicationProviderArn != CustomProviderARN {
		return errValidation("The application provider with arn '%s' is not supported for this action.", in.ApplicationProviderArn)
	}
	return nil
}

func validatePortal(v *validator, p *PortalOptions) {
	if p == nil {
		return
	}
	v.enum("portalOptions.visibility", p.Visibility, false, "ENABLED", "DISABLED")
	if s := p.SignInOptions; s != nil {
		v.enum("portalOptions.signInOptions.origin", s.Origin, true, "IDENTITY_CENTER", "APPLICATION")
		v.str("portalOptions.signInOptions.applicationUrl", s.ApplicationURL, false, 1, 512, reAppURL)
	}
}

func (in createAppIn) resource() string { return in.InstanceArn }

func createApplication(c *call) (any, error) {
	var in createAppIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	if in.Status == "" {
		in.Status = "ENABLED"
	}
	if in.PortalOptions != nil && in.PortalOptions.Visibility == "" {
		in.PortalOptions.Visibility = "ENABLED"
	}
	arn, err := c.h.s.CreateApplication(Application{
		ProviderARN: in.ApplicationProviderArn, Name: in.Name, Description: in.Description,
		InstanceARN: in.InstanceArn, Status: in.Status, PortalOptions: in.PortalOptions,
		CreatedDate: c.now().Truncate(time.Millisecond), Tags: in.Tags, ClientToken: in.ClientToken,
	})
	if err != nil {
		return nil, err
	}
	return struct{ ApplicationArn string }{arn}, nil
}

type appOut struct {
	ApplicationArn         string
	ApplicationProviderArn string
	Name                   string
	ApplicationAccount     string
	InstanceArn            string
	Status                 string
	PortalOptions          *PortalOptions `json:",omitempty"`
	Description            string         `json:",omitempty"`
	CreatedDate            float64
}

func toAppOut(a Application) appOut {
	return appOut{a.ARN, a.ProviderARN, a.Name, a.Account, a.InstanceARN, a.Status, a.PortalOptions, a.Description, wire.Epoch(a.CreatedDate)}
}

// appArn decodes a request whose only required member is ApplicationArn
// (others may be decoded again by the caller) and authorizes it.
func (c *call) appArn() (string, error) {
	var in appIn
	err := c.admit(&in)
	return in.ApplicationArn, err
}

// app decodes and authorizes ApplicationArn and returns that application.
func (c *call) app() (Application, error) {
	arn, err := c.appArn()
	if err != nil {
		return Application{}, err
	}
	a, ok := c.h.s.Application(arn)
	if !ok {
		return Application{}, errAppNotFound(arn)
	}
	return a, nil
}

func describeApplication(c *call) (any, error) {
	a, err := c.app()
	if err != nil {
		return nil, err
	}
	return toAppOut(a), nil
}

type listAppsIn struct {
	listIn
	InstanceArn string
	Filter      *struct {
		ApplicationAccount  string
		ApplicationProvider string
	}
}

func (in listAppsIn) validate() error {
	var v validator
	v.arn("instanceArn", in.InstanceArn, true, reInstanceARN)
	in.listIn.validate(&v)
	if in.Filter != nil {
		v.str("filter.applicationAccount", in.Filter.ApplicationAccount, false, 12, 12, reAccountID)
		v.arn("filter.applicationProvider", in.Filter.ApplicationProvider, false, reProviderARN)
	}
	return v.err()
}

func (in listAppsIn) resource() string { return in.InstanceArn }

func listApplications(c *call) (any, error) {
	var in listAppsIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	var account, provider string
	if in.Filter != nil {
		account, provider = in.Filter.ApplicationAccount, in.Filter.ApplicationProvider
	}
	all, err := c.h.s.ListApplications(in.InstanceArn, account, provider)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(all, in.NextToken, in.max(), toAppOut)
	if err != nil {
		return nil, err
	}
	return struct {
		Applications []appOut
		NextToken    string `json:",omitempty"`
	}{out, next}, nil
}

func deleteApplication(c *call) (any, error) {
	arn, err := c.appArn()
	if err != nil {
		return nil, err
	}
	return empty{}, c.h.s.DeleteApplication(arn)
}

func putAssignmentConfig(c *call) (any, error) {
	arn, err := c.appArn()
	if err != nil {
		return nil, err
	}
	var in struct{ AssignmentRequired *bool }
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	required := true // the model's default
	if in.AssignmentRequired != nil {
		required = *in.AssignmentRequired
	}
	return empty{}, c.h.s.SetAssignmentRequired(arn, required)
}

func getAssignmentConfig(c *call) (any, error) {
	a, err := c.app()
	if err != nil {
		return nil, err
	}
	return struct{ AssignmentRequired bool }{a.AssignmentRequired}, nil
}
