package qbusiness

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness/types"
)

func TestListTagsForResourceReturnsCreationTags(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tags := []types.Tag{{Key: aws.String("team"), Value: aws.String("core")}, {Key: aws.String("qbiz:managed"), Value: aws.String("acme")}}
	app, err := e.admin.CreateApplication(ctx, &qbusiness.CreateApplicationInput{DisplayName: aws.String("tagged"),
		IdentityType: types.IdentityTypeAwsIamIdpOidc, Tags: tags, ClientIdsForOIDC: []string{"c"},
		IamIdentityProviderArn: aws.String("arn:aws:iam::123456789012:oidc-provider/localhost/idp/oidc")})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := e.admin.CreateIndex(ctx, &qbusiness.CreateIndexInput{ApplicationId: app.ApplicationId, DisplayName: aws.String("ix"), Tags: tags[:1]})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := e.admin.CreateWebExperience(ctx, &qbusiness.CreateWebExperienceInput{ApplicationId: app.ApplicationId})
	if err != nil {
		t.Fatal(err)
	}
	for arn, want := range map[string]map[string]string{
		*app.ApplicationArn:     {"team": "core", "qbiz:managed": "acme"},
		*ix.IndexArn:            {"team": "core"},
		*plain.WebExperienceArn: {},
	} {
		out, err := e.admin.ListTagsForResource(ctx, &qbusiness.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
		if err != nil {
			t.Fatalf("ListTagsForResource %s: %v", arn, err)
		}
		got := map[string]string{}
		for _, tg := range out.Tags {
			got[*tg.Key] = *tg.Value
		}
		if len(got) != len(want) || (len(want) > 0 && got["team"] != want["team"]) || got["qbiz:managed"] != want["qbiz:managed"] {
			t.Errorf("tags of %s = %v, want %v", arn, got, want)
		}
	}
	if _, err := e.admin.DeleteApplication(ctx, &qbusiness.DeleteApplicationInput{ApplicationId: app.ApplicationId}); err != nil {
		t.Fatal(err)
	}
	_, err = e.admin.ListTagsForResource(ctx, &qbusiness.ListTagsForResourceInput{ResourceARN: app.ApplicationArn})
	var nf *types.ResourceNotFoundException
	if !errors.As(err, &nf) {
		t.Fatalf("tags of a deleted application: err = %v, want ResourceNotFoundException", err)
	}
}
