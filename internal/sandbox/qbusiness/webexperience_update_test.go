package qbusiness

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

// TestUpdateWebExperience: an update replaces the members it carries (role,
// identity provider configuration, subtitle) and keeps the others (title);
// an unknown web experience is ResourceNotFound, a malformed role ARN a
// validation error.
func TestUpdateWebExperience(t *testing.T) {
	e := newEnv(t)
	e.setup(false)
	ctx := context.Background()
	out, err := e.admin.CreateWebExperience(ctx, &qbusiness.CreateWebExperienceInput{ApplicationId: &e.appID, Title: aws.String("portal"),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/old"),
		IdentityProviderConfiguration: &types.IdentityProviderConfigurationMemberSamlConfiguration{
			Value: types.SamlProviderConfiguration{AuthenticationUrl: aws.String("https://idp.example.com/old")}}})
	if err != nil {
		t.Fatal(err)
	}
	id := out.WebExperienceId
	if _, err := e.admin.UpdateWebExperience(ctx, &qbusiness.UpdateWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: id,
		RoleArn: aws.String("arn:aws:iam::123456789012:role/new"), Subtitle: aws.String("now with a subtitle"),
		IdentityProviderConfiguration: &types.IdentityProviderConfigurationMemberSamlConfiguration{
			Value: types.SamlProviderConfiguration{AuthenticationUrl: aws.String("https://idp.example.com/new")}}}); err != nil {
		t.Fatal(err)
	}
	got, err := e.admin.GetWebExperience(ctx, &qbusiness.GetWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: id})
	if err != nil {
		t.Fatal(err)
	}
	saml, ok := got.IdentityProviderConfiguration.(*types.IdentityProviderConfigurationMemberSamlConfiguration)
	if aws.ToString(got.Title) != "portal" || aws.ToString(got.Subtitle) != "now with a subtitle" ||
		aws.ToString(got.RoleArn) != "arn:aws:iam::123456789012:role/new" || !ok || aws.ToString(saml.Value.AuthenticationUrl) != "https://idp.example.com/new" {
		t.Fatalf("after update: %+v", got)
	}
	if !got.UpdatedAt.After(*got.CreatedAt) && !got.UpdatedAt.Equal(*got.CreatedAt) {
		t.Errorf("updatedAt %v before createdAt %v", got.UpdatedAt, got.CreatedAt)
	}

	missing := "00000000-0000-0000-0000-000000000000"
	_, err = e.admin.UpdateWebExperience(ctx, &qbusiness.UpdateWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: &missing, Title: aws.String("x")})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Errorf("unknown web experience: %v, want ResourceNotFoundException", err)
	}
	_, err = e.admin.UpdateWebExperience(ctx, &qbusiness.UpdateWebExperienceInput{ApplicationId: &e.appID, WebExperienceId: id, RoleArn: aws.String("not-an-arn")})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("malformed role: %v, want ValidationException", err)
	}
}
