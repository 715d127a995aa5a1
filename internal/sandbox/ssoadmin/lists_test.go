package ssoadmin_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/document"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin/types"

	sa "github.com/qbiz/qbiz/internal/sandbox/ssoadmin"
)

// TestListsAndGets: every List* pages with NextToken (one item a page where
// MaxResults exists), refuses a malformed token and a malformed parent ARN;
// GetApplicationAccessScope and ListApplicationAuthenticationMethods return
// what was put.
func TestListsAndGets(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	apps := []string{f.createApp(t, "a1"), f.createApp(t, "a2"), f.createApp(t, "a3")}
	f.createTTI(t, "t1", "https://t1.example.com")
	f.createTTI(t, "t2", "https://t2.example.com")
	app := apps[0]
	for _, s := range []string{"qbusiness:conversations:access", "qbusiness:messages:access"} {
		if _, err := f.client.PutApplicationAccessScope(ctx, &ssoadmin.PutApplicationAccessScopeInput{ApplicationArn: &app, Scope: aws.String(s),
			AuthorizedTargets: []string{apps[1]}}); err != nil {
			t.Fatal(err)
		}
	}
	policy := document.NewLazyDocument(map[string]any{"Version": "2012-10-17"})
	if _, err := f.client.PutApplicationAuthenticationMethod(ctx, &ssoadmin.PutApplicationAuthenticationMethodInput{ApplicationArn: &app,
		AuthenticationMethodType: types.AuthenticationMethodTypeIam,
		AuthenticationMethod:     &types.AuthenticationMethodMemberIam{Value: types.IamAuthenticationMethod{ActorPolicy: policy}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.PutApplicationGrant(ctx, &ssoadmin.PutApplicationGrantInput{ApplicationArn: &app,
		GrantType: types.GrantTypeRefreshToken, Grant: &types.GrantMemberRefreshToken{}}); err != nil {
		t.Fatal(err)
	}
	one := aws.Int32(1)
	lists := []struct {
		name string
		want int
		list func(token *string) (int, *string, error)
	}{
		{"applications", 3, func(tok *string) (int, *string, error) {
			out, err := f.client.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: &f.inst, MaxResults: one, NextToken: tok})
			if err != nil {
				return 0, nil, err
			}
			return len(out.Applications), out.NextToken, nil
		}},
		{"trusted token issuers", 2, func(tok *string) (int, *string, error) {
			out, err := f.client.ListTrustedTokenIssuers(ctx, &ssoadmin.ListTrustedTokenIssuersInput{InstanceArn: &f.inst, MaxResults: one, NextToken: tok})
			if err != nil {
				return 0, nil, err
			}
			return len(out.TrustedTokenIssuers), out.NextToken, nil
		}},
		{"access scopes", 2, func(tok *string) (int, *string, error) {
			out, err := f.client.ListApplicationAccessScopes(ctx, &ssoadmin.ListApplicationAccessScopesInput{ApplicationArn: &app, MaxResults: one, NextToken: tok})
			if err != nil {
				return 0, nil, err
			}
			return len(out.Scopes), out.NextToken, nil
		}},
		{"authentication methods", 1, func(tok *string) (int, *string, error) {
			out, err := f.client.ListApplicationAuthenticationMethods(ctx, &ssoadmin.ListApplicationAuthenticationMethodsInput{ApplicationArn: &app, NextToken: tok})
			if err != nil {
				return 0, nil, err
			}
			return len(out.AuthenticationMethods), out.NextToken, nil
		}},
		{"grants", 1, func(tok *string) (int, *string, error) {
			out, err := f.client.ListApplicationGrants(ctx, &ssoadmin.ListApplicationGrantsInput{ApplicationArn: &app, NextToken: tok})
			if err != nil {
				return 0, nil, err
			}
			return len(out.Grants), out.NextToken, nil
		}},
	}
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			total, pages := 0, 0
			var tok *string
			for {
				n, next, err := l.list(tok)
				if err != nil {
					t.Fatalf("page %d: %v", pages, err)
				}
				total, pages = total+n, pages+1
				if next == nil || pages > 5 {
					break
				}
				tok = next
			}
			if total != l.want {
				t.Fatalf("listed %d in %d pages, want %d", total, pages, l.want)
			}
			if _, _, err := l.list(aws.String("not-a-token!")); err == nil {
				t.Fatal("malformed token accepted")
			} else if code, status := apiCode(t, err); code != "ValidationException" || status != 400 {
				t.Fatalf("malformed token: %s %d", code, status)
			}
		})
	}
	sc, err := f.client.GetApplicationAccessScope(ctx, &ssoadmin.GetApplicationAccessScopeInput{ApplicationArn: &app, Scope: aws.String("qbusiness:messages:access")})
	if err != nil || aws.ToString(sc.Scope) != "qbusiness:messages:access" || len(sc.AuthorizedTargets) != 1 {
		t.Fatalf("GetApplicationAccessScope %+v %v", sc, err)
	}
	_, err = f.client.GetApplicationAccessScope(ctx, &ssoadmin.GetApplicationAccessScopeInput{ApplicationArn: aws.String(apps[1]), Scope: aws.String("qbusiness:messages:access")})
	if code, status := apiCode(t, err); code != "ResourceNotFoundException" || status != 404 {
		t.Fatalf("scope of another app: %s %d", code, status)
	}
	filtered, err := f.client.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: &f.inst,
		Filter: &types.ListApplicationsFilter{ApplicationProvider: aws.String(sa.CustomProviderARN)}})
	if err != nil || len(filtered.Applications) != 3 {
		t.Fatalf("filtered %+v %v", filtered, err)
	}
	for name, call := range map[string]func() error{
		"list grants of malformed arn": func() error {
			_, err := f.client.ListApplicationGrants(ctx, &ssoadmin.ListApplicationGrantsInput{ApplicationArn: aws.String("arn:aws:sso::1:application/x")})
			return err
		},
		"list methods of malformed arn": func() error {
			_, err := f.client.ListApplicationAuthenticationMethods(ctx, &ssoadmin.ListApplicationAuthenticationMethodsInput{ApplicationArn: aws.String("arn:aws:sso::1:application/x")})
			return err
		},
		"describe malformed tti": func() error {
			_, err := f.client.DescribeTrustedTokenIssuer(ctx, &ssoadmin.DescribeTrustedTokenIssuerInput{TrustedTokenIssuerArn: aws.String("arn:aws:sso::1:trustedTokenIssuer/x")})
			return err
		},
		"list applications maxResults 0": func() error {
			_, err := f.client.ListApplications(ctx, &ssoadmin.ListApplicationsInput{InstanceArn: &f.inst, MaxResults: aws.Int32(0)})
			return err
		},
	} {
		if code, status := apiCode(t, call()); code != "ValidationException" || status != 400 {
			t.Errorf("%s: %s %d", name, code, status)
		}
	}
}
