package provision

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	qtypes "github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// webExperience is the hosted chat, signing users in at the IdP.
type webExperience struct {
	s     *stack
	name  string
	needs []string
	// idp is how the web experience signs users in, from what the walk found.
	idp func() qtypes.IdentityProviderConfiguration
	// reconfigure: Lookup found the role or the sign-in configuration
	// differing from the wanted ones, which Update then puts.
	reconfigure bool
}

func (w *webExperience) Type() string        { return "AWS::QBusiness::WebExperience" }
func (w *webExperience) Name() string        { return w.name }
func (w *webExperience) DependsOn() []string { return w.needs }

// Lookup finds the web experience by title (List does not return titles).
func (w *webExperience) Lookup(ctx context.Context) (Found, error) {
	w.s.out.WebExperienceID, w.s.out.WebEndpoint = "", ""
	if w.s.out.ApplicationID == "" {
		return Found{}, nil
	}
	app := aws.String(w.s.out.ApplicationID)
	pages := qbusiness.NewListWebExperiencesPaginator(w.s.c.Q, &qbusiness.ListWebExperiencesInput{ApplicationId: app})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return Found{}, err
		}
		for _, we := range page.WebExperiences {
			got, err := w.s.c.Q.GetWebExperience(ctx, &qbusiness.GetWebExperienceInput{ApplicationId: app, WebExperienceId: we.WebExperienceId})
			if err != nil {
				return Found{}, err
			}
			if aws.ToString(got.Title) != w.name {
				continue
			}
			w.s.out.WebExperienceID, w.s.out.WebEndpoint = aws.ToString(got.WebExperienceId), aws.ToString(got.DefaultEndpoint)
			return w.found(got), nil
		}
	}
	return Found{}, nil
}

// found judges the web experience got against the wanted role and sign-in
// configuration, and its status.
func (w *webExperience) found(got *qbusiness.GetWebExperienceOutput) Found {
	f := Found{Exists: true, Managed: true, ARN: aws.ToString(got.WebExperienceArn)}
	var drift []string
	if aws.ToString(got.RoleArn) != w.s.out.WebRoleARN {
		drift = append(drift, fmt.Sprintf("role %s, want %s", aws.ToString(got.RoleArn), w.s.out.WebRoleARN))
	}
	if !sameIdP(got.IdentityProviderConfiguration, w.idp()) {
		drift = append(drift, "identity provider configuration differs")
	}
	w.reconfigure = len(drift) > 0
	if !ready(got.Status) {
		drift = append(drift, "status "+string(got.Status))
	}
	f.Drift = strings.Join(drift, "; ")
	return f
}

// sameIdP compares two sign-in configurations by what they name.
func sameIdP(have, want qtypes.IdentityProviderConfiguration) bool {
	switch w := want.(type) {
	case *qtypes.IdentityProviderConfigurationMemberOpenIDConnectConfiguration:
		h, ok := have.(*qtypes.IdentityProviderConfigurationMemberOpenIDConnectConfiguration)
		return ok && aws.ToString(h.Value.SecretsArn) == aws.ToString(w.Value.SecretsArn) &&
			aws.ToString(h.Value.SecretsRole) == aws.ToString(w.Value.SecretsRole)
	case *qtypes.IdentityProviderConfigurationMemberSamlConfiguration:
		h, ok := have.(*qtypes.IdentityProviderConfigurationMemberSamlConfiguration)
		return ok && aws.ToString(h.Value.AuthenticationUrl) == aws.ToString(w.Value.AuthenticationUrl)
	}
	return true
}

// ready: ACTIVE, or waiting for the IdP side (PENDING_AUTH_CONFIG).
func ready(s qtypes.WebExperienceStatus) bool {
	return s == qtypes.WebExperienceStatusActive || s == qtypes.WebExperienceStatusPendingAuthConfig
}

func (w *webExperience) Create(ctx context.Context) error {
	out, err := w.s.c.Q.CreateWebExperience(ctx, &qbusiness.CreateWebExperienceInput{ApplicationId: aws.String(w.s.out.ApplicationID),
		Title: aws.String(w.name), RoleArn: aws.String(w.s.out.WebRoleARN), Tags: w.s.qTags(),
		IdentityProviderConfiguration: w.idp()})
	if err != nil {
		return err
	}
	w.s.out.WebExperienceID = aws.ToString(out.WebExperienceId)
	return w.wait(ctx)
}

// Update puts the wanted role and sign-in configuration when they
// drifted (UpdateWebExperience), then waits for the web experience to be
// ready.
func (w *webExperience) Update(ctx context.Context) error {
	if w.reconfigure {
		if _, err := w.s.c.Q.UpdateWebExperience(ctx, &qbusiness.UpdateWebExperienceInput{ApplicationId: aws.String(w.s.out.ApplicationID),
			WebExperienceId: aws.String(w.s.out.WebExperienceID), RoleArn: aws.String(w.s.out.WebRoleARN),
			IdentityProviderConfiguration: w.idp()}); err != nil {
			return err
		}
	}
	return w.wait(ctx)
}

// wait polls until the web experience is ready.
func (w *webExperience) wait(ctx context.Context) error {
	in := &qbusiness.GetWebExperienceInput{ApplicationId: aws.String(w.s.out.ApplicationID), WebExperienceId: aws.String(w.s.out.WebExperienceID)}
	return w.s.poll.until(ctx, "Q Business web experience "+w.name, func(ctx context.Context) (string, bool, error) {
		got, err := w.s.c.Q.GetWebExperience(ctx, in)
		if err != nil {
			return "", false, err
		}
		w.s.out.WebEndpoint = aws.ToString(got.DefaultEndpoint)
		return string(got.Status), ready(got.Status), failed(got.Status == qtypes.WebExperienceStatusFailed, got.Error)
	})
}

func (w *webExperience) Delete(ctx context.Context) error {
	in := &qbusiness.GetWebExperienceInput{ApplicationId: aws.String(w.s.out.ApplicationID), WebExperienceId: aws.String(w.s.out.WebExperienceID)}
	if _, err := w.s.c.Q.DeleteWebExperience(ctx, &qbusiness.DeleteWebExperienceInput{ApplicationId: in.ApplicationId, WebExperienceId: in.WebExperienceId}); err != nil {
		return err
	}
	return w.s.poll.until(ctx, "Q Business web experience "+w.name+" to be deleted", func(ctx context.Context) (string, bool, error) {
		got, err := w.s.c.Q.GetWebExperience(ctx, in)
		if notFound(err) {
			return "", true, nil
		}
		if err != nil {
			return "", false, err
		}
		return string(got.Status), false, nil
	})
}
