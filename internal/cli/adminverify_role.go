package cli

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/qbiz/qbiz/internal/provision"
	"github.com/qbiz/qbiz/internal/provision/diagnose"
)

// webIdentityRole judges AssumeRoleWithWebIdentity: STS's own words for
// the provider, audience and keys, and for a refusal the role's trust
// policy read and compared with the token.
func (v *verifier) webIdentityRole(ctx context.Context) hopResult {
	if v.exchangeErr == nil {
		return passed("", "assumed "+v.p.RoleARN+" with the ID token")
	}
	code, msg := apiError(v.exchangeErr)
	providerARN := v.providerARN(ctx)
	switch {
	case strings.Contains(msg, "No OpenIDConnect provider found"):
		return failedWith("", diagnose.NoProvider(v.token))
	case strings.Contains(msg, "Incorrect token audience"):
		return failedWith("", v.providerAudience(ctx, providerARN, msg))
	case strings.Contains(msg, "Couldn't retrieve verification key"):
		return failedWith("", diagnose.NoKeys(v.token))
	case code == "AccessDenied":
		req := diagnose.WebIdentityRequest(v.p.RoleARN, v.token)
		req.Principal = providerARN
		return failedWith("", v.trust(ctx, req, msg))
	}
	return failedErr(explain(v.p.Name, v.exchangeErr))
}

// providerARN is the ARN of the account's IAM OIDC provider for the
// token's issuer as IAM lists it, else as IAM names providers.
func (v *verifier) providerARN(ctx context.Context) string {
	arn, err := v.admin.providerFor(ctx, v.token.Issuer)
	if err != nil || arn == "" {
		v.a.log.Debug("find the OIDC provider", "issuer", v.token.Issuer, "err", err)
		return diagnose.OIDCProviderARN(v.p.RoleARN, v.token.Issuer)
	}
	return arn
}

// samlRole judges AssumeRoleWithSAML.
func (v *verifier) samlRole(ctx context.Context) hopResult {
	if v.exchangeErr == nil {
		return passed("", "assumed "+v.p.RoleARN+" with the SAML assertion")
	}
	code, msg := apiError(v.exchangeErr)
	switch {
	case strings.Contains(msg, "required audience"):
		return failedWith("", diagnose.SAMLAudience("STS refused the assertion: "+msg+
			" (its Recipient must be https://signin.aws.amazon.com/saml, its Audience that URL or urn:amazon:webservices)"))
	case code == "AccessDenied":
		return failedWith("", v.trust(ctx, v.samlRequest(), msg))
	}
	return failedErr(explain(v.p.Name, v.exchangeErr))
}

// samlRequest is what AssumeRoleWithSAML asks of the role's trust policy.
func (v *verifier) samlRequest() diagnose.Request {
	return diagnose.Request{RoleARN: v.p.RoleARN, Action: "sts:AssumeRoleWithSAML", PrincipalKind: "Federated",
		Principal: v.p.ProviderARN, Keys: map[string]string{"SAML:aud": provision.AWSSignInSAML}}
}

// providerAudience reads the IAM OIDC provider's client ids to name the
// audience it lacks.
func (v *verifier) providerAudience(ctx context.Context, providerARN, msg string) diagnose.Finding {
	ids, err := v.admin.clientIDs(ctx, providerARN)
	if err != nil {
		return diagnose.Finding{What: fmt.Sprintf("STS: %s: the IAM OIDC provider %s does not list the ID token's aud %v (its client ids could not be read: %v)", msg, providerARN, v.token.Audience, err),
			Fix: fmt.Sprintf("add %v to the provider's client ids, or pass --aws-profile of an administrator who may call iam:GetOpenIDConnectProvider for details", v.token.Audience)}
	}
	return diagnose.ProviderAudience(providerARN, ids, v.token)
}

// trust reads the role's trust policy and says which of its conditions
// refuses req; without it, it says what to compare by hand.
func (v *verifier) trust(ctx context.Context, req diagnose.Request, msg string) diagnose.Finding {
	doc, err := v.admin.trustPolicy(ctx, req.RoleARN)
	if isNoSuchEntity(err) {
		return diagnose.Finding{What: fmt.Sprintf("the role %s does not exist", req.RoleARN),
			Fix: "create it (qbiz admin apply) or correct qbiz_role_arn"}
	}
	if err != nil {
		return diagnose.Finding{What: fmt.Sprintf("STS: %s; the trust policy of %s could not be read to say why: %v", msg, req.RoleARN, err),
			Fix: fmt.Sprintf("pass --aws-profile of an administrator who may call iam:GetRole, or compare the role's trust policy with %s and %s", req.Principal, describeKeys(req.Keys))}
	}
	if f := diagnose.Trust(doc, req); !f.OK() {
		return f
	}
	return diagnose.Finding{What: fmt.Sprintf("STS: %s, although the trust policy of %s allows %s for %s", msg, req.RoleARN, req.Action, describeKeys(req.Keys)),
		Fix: "look for what else refuses it: a permissions boundary, a service control policy, or a condition operator this check does not evaluate"}
}

func describeKeys(keys map[string]string) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		parts = append(parts, fmt.Sprintf("%s=%q", k, keys[k]))
	}
	return strings.Join(parts, ", ")
}

// identityCenter judges CreateTokenWithIAM: a refusal is, first of all,
// a user the application requires an assignment for.
func (v *verifier) identityCenter(ctx context.Context) hopResult {
	if v.exchangeErr == nil || v.entry.IDCUserID != "" {
		return passed("", "CreateTokenWithIAM mapped the user to Identity Center user "+v.entry.IDCUserID)
	}
	code, msg := apiError(v.exchangeErr)
	switch code {
	case "AccessDeniedException":
		return failedWith("", v.assignment(ctx, msg))
	case "InvalidGrantException":
		return failedWith("", diagnose.Finding{What: "Identity Center refused the ID token (invalid_grant)",
			Fix: fmt.Sprintf("check the trusted token issuer of application %s: its issuer URL must be %s exactly, its grant's authorized audiences must include %v, and the Identity Store must hold a user with the mapped attribute (email %s)",
				v.p.IDCApplicationARN, v.token.Issuer, v.token.Audience, v.token.Email)})
	}
	return failedErr(explain(v.p.Name, v.exchangeErr))
}

// assignment explains Identity Center's access_denied from the
// application's assignment configuration.
func (v *verifier) assignment(ctx context.Context, msg string) diagnose.Finding {
	app, user := v.p.IDCApplicationARN, describeUser(v.entry.Identity)
	required, err := v.admin.assignmentRequired(ctx, app)
	switch {
	case err != nil:
		return diagnose.Finding{What: fmt.Sprintf("Identity Center refused CreateTokenWithIAM for %s: %s (the assignment configuration of %s could not be read: %v)", user, msg, app, err),
			Fix: fmt.Sprintf("assign the user or a group to application %s; if it needs none, add the caller of CreateTokenWithIAM (qbiz_idc_source_profile) to the application's IAM authentication method", app)}
	case required:
		return diagnose.NotAssigned(app, user)
	}
	return diagnose.Finding{What: fmt.Sprintf("Identity Center refused CreateTokenWithIAM: %s (application %s does not require assignments)", msg, app),
		Fix: "add the credentials that call CreateTokenWithIAM (qbiz_idc_source_profile) to the application's IAM authentication method (ActorPolicy)"}
}

// idcRole judges AssumeRole with the identity context.
func (v *verifier) idcRole(context.Context) hopResult {
	if v.exchangeErr == nil {
		return passed("", "assumed "+v.p.IDCRoleARN+" with the identity context")
	}
	return failedErr(explain(v.p.Name, v.exchangeErr))
}
