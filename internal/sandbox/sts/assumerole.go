package sts

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

var (
	externalIDRE = lazyre.New(`^[\w+=,.@:/-]+$`)
	sourceIDRE   = lazyre.New(`^[\w+=,.@-]{2,64}$`)
)

func invalidParam(format string, args ...any) *wire.Error {
	return wire.Errorf(400, "InvalidParameterValue", format, args...)
}

// assumeRequest is a validated AssumeRole input.
type assumeRequest struct {
	roleARN, name, externalID, sourceIdentity string
	sessionPolicy                             string
	d                                         time.Duration
	explicit                                  bool
	tags                                      sessionTags
	context                                   *awsauth.IdentityContext
}

func (h *handler) assumeRole(r *http.Request, c *call) (any, *wire.Error) {
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return nil, wire.Errorf(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	in, werr := h.parseAssumeRole(c)
	if werr != nil {
		return nil, werr
	}
	caller := v.Principal
	tags, werr := inheritTags(caller, in.tags)
	if werr != nil {
		return nil, werr
	}
	if caller.Kind == "assumed-role" && in.d > time.Hour {
		return nil, wire.ValidationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	role, ok := h.opt.IAM.Role(in.roleARN)
	keys := assumeRoleKeys(caller, in, h.now())
	denied := wire.Errorf(403, "AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s", caller.ARN, in.roleARN)
	if !ok || !h.opt.IAM.Authorize(caller, "sts:AssumeRole", in.roleARN, keys) {
		return nil, denied
	}
	if !h.opt.IAM.EvaluateTrust(role, iam.TrustRequest{Principal: caller.ARN, Actions: in.actions(), ConditionKeys: keys}) {
		return nil, denied
	}
	d, werr := capDuration(in.d, in.explicit, role)
	if werr != nil {
		return nil, werr
	}
	p := h.sessionPrincipal(role, in.name)
	p.Tags, p.TransitiveTagKeys, p.Context = tags.tags, tags.transitive, in.context
	p.SourceIdentity, p.SessionPolicy = in.sourceIdentity, in.sessionPolicy
	if caller.SourceIdentity != "" {
		p.SourceIdentity = caller.SourceIdentity
	}
	s, werr := h.mint(p, in.tags.tags, d)
	if werr != nil {
		return nil, werr
	}
	return struct {
		Credentials      xmlCredentials
		AssumedRoleUser  xmlAssumedRoleUser
		PackedPolicySize *int   `xml:",omitempty"`
		SourceIdentity   string `xml:",omitempty"`
	}{s.creds, s.user, s.packed, p.SourceIdentity}, nil
}

func (in assumeRequest) actions() []string {
	out := []string{"sts:AssumeRole"}
	if len(in.tags.tags) > 0 {
		out = append(out, "sts:TagSession")
	}
	if in.context != nil {
		out = append(out, "sts:SetContext")
	}
	if in.sourceIdentity != "" {
		out = append(out, "sts:SetSourceIdentity")
	}
	return out
}

func (h *handler) parseAssumeRole(c *call) (assumeRequest, *wire.Error) {
	var in assumeRequest
	var werr *wire.Error
	if in.roleARN, werr = c.roleARN(); werr != nil {
		return in, werr
	}
	if in.name, werr = c.sessionName(); werr != nil {
		return in, werr
	}
	if in.d, in.explicit, werr = c.duration(); werr != nil {
		return in, werr
	}
	if in.externalID = c.form.Get("ExternalId"); in.externalID != "" && (len(in.externalID) < 2 || len(in.externalID) > 1224 || !externalIDRE().MatchString(in.externalID)) {
		return in, wire.Constraint(truncate(in.externalID), "externalId", `Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`)
	}
	if in.sourceIdentity = c.form.Get("SourceIdentity"); in.sourceIdentity != "" &&
		(!sourceIDRE().MatchString(in.sourceIdentity) || strings.HasPrefix(strings.ToLower(in.sourceIdentity), "aws:")) {
		return in, wire.Constraint(truncate(in.sourceIdentity), "sourceIdentity", `Member must satisfy regular expression pattern: [\w+=,.@-]*`)
	}
	if in.sessionPolicy, werr = c.sessionPolicy(); werr != nil {
		return in, werr
	}
	if in.tags, werr = requestTags(c); werr != nil {
		return in, werr
	}
	in.context, werr = h.providedContext(c)
	return in, werr
}

func requestTags(c *call) (sessionTags, *wire.Error) {
	keys := wire.Members(c.form, "Tags", "Key")
	vals := wire.Members(c.form, "Tags", "Value")
	if len(vals) != len(keys) {
		return sessionTags{}, wire.ValidationError("Each tag must have a Key and a Value.")
	}
	kv := make([][2]string, len(keys))
	for i := range keys {
		kv[i] = [2]string{keys[i], vals[i]}
	}
	t, msg := buildTags(kv, wire.Members(c.form, "TransitiveTagKeys", ""))
	if msg != "" {
		return sessionTags{}, invalidParam("%s", msg)
	}
	return t, nil
}

// inheritTags adds the caller's transitive tags to the new session's tags.
func inheritTags(caller awsauth.Principal, req sessionTags) (sessionTags, *wire.Error) {
	out := sessionTags{tags: map[string]string{}}
	for _, k := range caller.TransitiveTagKeys {
		for nk := range req.tags {
			if strings.EqualFold(nk, k) {
				return sessionTags{}, invalidParam("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.")
			}
		}
		if v, ok := caller.Tags[k]; ok {
			out.tags[k] = v
			out.transitive = append(out.transitive, k)
		}
	}
	for k, v := range req.tags {
		out.tags[k] = v
	}
	out.transitive = append(out.transitive, req.transitive...)
	if len(out.tags) == 0 {
		out.tags = nil
	}
	return out, nil
}

// providedContext opens the ProvidedContexts assertion (Identity Center only).
func (h *handler) providedContext(c *call) (*awsauth.IdentityContext, *wire.Error) {
	arns := wire.Members(c.form, "ProvidedContexts", "ProviderArn")
	assertions := wire.Members(c.form, "ProvidedContexts", "ContextAssertion")
	if len(arns) == 0 && len(assertions) == 0 {
		return nil, nil
	}
	if len(arns) > 5 {
		return nil, wire.ValidationError("1 validation error detected: Value at 'providedContexts' failed to satisfy constraint: Member must have length less than or equal to 5")
	}
	if len(arns) != 1 || len(assertions) != 1 {
		return nil, invalidParam("Exactly one provided context with a ProviderArn and a ContextAssertion is supported.")
	}
	if arns[0] != awsauth.ContextProviderARN {
		return nil, invalidParam("The specified ProviderArn is not a valid context provider: %s", truncate(arns[0]))
	}
	if l := len(assertions[0]); l < 4 || l > 2048 {
		return nil, wire.ValidationError("1 validation error detected: Value at 'providedContexts.1.member.contextAssertion' failed to satisfy constraint: Member must have length between 4 and 2048")
	}
	ic, err := h.opt.Authority.OpenContext(assertions[0])
	switch {
	case errors.Is(err, awsauth.ErrExpiredContext):
		return nil, wire.Errorf(400, "ExpiredTokenException", "The provided context assertion has expired.")
	case err != nil:
		return nil, invalidParam("The provided context assertion is invalid.")
	}
	return &ic, nil
}

func assumeRoleKeys(caller awsauth.Principal, in assumeRequest, now time.Time) map[string][]string {
	keys := map[string][]string{
		"aws:CurrentTime": {now.Format(time.RFC3339)},
		"aws:EpochTime":   {strconv.FormatInt(now.Unix(), 10)},
	}
	for k, v := range caller.Tags {
		keys["aws:PrincipalTag/"+k] = []string{v}
	}
	if len(in.tags.tags) > 0 {
		in.tags.addConditionKeys(keys)
		for k := range caller.Tags {
			keys["aws:PrincipalTag/"+k] = []string{caller.Tags[k]}
		}
	}
	if in.externalID != "" {
		keys["sts:ExternalId"] = []string{in.externalID}
	}
	if in.sourceIdentity != "" {
		keys["sts:SourceIdentity"] = []string{in.sourceIdentity}
	}
	return keys
}

func (h *handler) getCallerIdentity(r *http.Request, _ *call) (any, *wire.Error) {
	v := awsauth.FromContext(r.Context())
	if v == nil {
		return nil, wire.Errorf(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
	}
	p := v.Principal
	return struct{ UserId, Account, Arn string }{p.UserID, p.Account, p.ARN}, nil
}
