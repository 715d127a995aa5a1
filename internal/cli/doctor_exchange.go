package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/qbiz/qbiz/internal/identity"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
	"github.com/qbiz/qbiz/internal/signin"
)

// roleTrust reads the role's trust policy, when the caller may, and says
// whether it lets this sign-in's issuer and audience (SAML: provider)
// assume the role.
func (d *doctor) roleTrust(ctx context.Context) hopResult {
	req := d.samlRequest()
	if d.p.Mode == identity.ModeOIDC {
		req = diagnose.WebIdentityRequest(d.p.RoleARN, d.token)
		req.Principal = d.providerARN(ctx)
	}
	doc, err := d.readTrust(ctx, req.RoleARN)
	switch {
	case isNoSuchEntity(err):
		return failedWith("", diagnose.Finding{What: fmt.Sprintf("the role %s does not exist", req.RoleARN),
			Fix: "create it (qbiz admin apply) or correct qbiz_role_arn"})
	case err != nil:
		return skipped("", fmt.Sprintf("not checked: the trust policy of %s could not be read (%s); "+
			"pass --aws-profile of someone who may call iam:GetRole to check it", req.RoleARN, readFailure(err)))
	}
	if f := diagnose.Trust(doc, req); !f.OK() {
		return failedWith("", f)
	}
	return passed("", fmt.Sprintf("the trust policy of %s allows %s for %s", req.RoleARN, req.Principal, describeKeys(req.Keys)))
}

// readTrust reads the role's trust policy with --aws-profile, else with
// the user's own cached credentials.
func (d *doctor) readTrust(ctx context.Context, roleARN string) (string, error) {
	if d.f.awsProfile != "" {
		return d.admin.trustPolicy(ctx, roleARN)
	}
	if !d.entry.AWS.Valid(d.a.now(), 0) {
		return "", errors.New("the user's cached AWS credentials have expired")
	}
	return trustPolicyOf(ctx, iam.NewFromConfig(d.userConfig()), roleARN)
}

// readFailure is an AWS refusal's code alone, else the error.
func readFailure(err error) string {
	if code, _ := apiError(err); code != "" {
		return "iam:GetRole: " + code
	}
	return err.Error()
}

// userConfig calls AWS with the user's cached credentials.
func (d *doctor) userConfig() aws.Config {
	cfg := profileAWSConfig(d.p, d.a.http)
	cfg.Credentials = credentials.StaticCredentialsProvider{Value: signin.AWSCredentials(d.entry.AWS)}
	return cfg
}

// exchange turns the renewed sign-in into new AWS credentials and keeps
// them, judging a refusal as qbiz admin verify does. A SAML sign-in, which
// only a new sign-in exchanges again, is judged by STS accepting its
// credentials.
func (d *doctor) exchange(ctx context.Context) hopResult {
	if d.p.Mode == identity.ModeSAML {
		return d.samlCredentials(ctx)
	}
	d.entry, d.exchangeErr = d.a.signIn(d.p, d.store).ExchangeNow(ctx, d.entry)
	if d.p.Mode == identity.ModeOIDC {
		return d.webIdentityRole(ctx)
	}
	if r := d.identityCenter(ctx); r.Status == hopFailed {
		return r
	}
	return d.idcRole(ctx)
}

// samlCredentials asks STS who the SAML sign-in's credentials are.
func (d *doctor) samlCredentials(ctx context.Context) hopResult {
	out, err := sts.NewFromConfig(d.userConfig()).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return hopResult{Status: hopFailed, Problem: "STS refuses the SAML sign-in's AWS credentials: " + err.Error(),
			Fix: "the session was ended or revoked; run: qbiz login --profile " + d.p.Name}
	}
	return passed("", fmt.Sprintf("STS accepts the SAML sign-in's credentials: %s", aws.ToString(out.Arn)))
}
