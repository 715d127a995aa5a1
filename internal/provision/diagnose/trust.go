package diagnose

import (
	"fmt"
	"sort"
	"strings"
)

// Request is one AssumeRole* call as the role's trust policy sees it.
type Request struct {
	RoleARN string
	// Action is sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML or
	// sts:AssumeRole.
	Action string
	// PrincipalKind is Federated or AWS; Principal is the identity
	// provider's or the caller's ARN.
	PrincipalKind, Principal string
	// Keys are the condition keys the call carries, with their values.
	Keys map[string]string
	// Also are the further actions the call needs: sts:TagSession when it
	// sets session tags, sts:SetContext with an identity context.
	Also []string
}

// WebIdentityRequest is the AssumeRoleWithWebIdentity call STS makes of
// roleARN for the ID token t: the provider of t's issuer in the role's
// account, the issuer's aud, sub, email and azp keys, and, when t carries
// session tags, sts:TagSession with the aws:RequestTag keys.
func WebIdentityRequest(roleARN string, t Token) Request {
	host := IssuerKey(t.Issuer)
	keys := map[string]string{host + ":sub": t.Subject}
	if len(t.Audience) > 0 {
		keys[host+":aud"] = t.Audience[0]
	}
	if t.Email != "" {
		keys[host+":email"] = t.Email
	}
	if t.AuthorizedParty != "" {
		keys[host+":azp"] = t.AuthorizedParty
	}
	r := Request{RoleARN: roleARN, Action: "sts:AssumeRoleWithWebIdentity", PrincipalKind: "Federated",
		Principal: OIDCProviderARN(roleARN, t.Issuer), Keys: keys}
	if t.HasTagsClaim {
		r.Also = append(r.Also, "sts:TagSession")
		for k, v := range t.PrincipalTags {
			if len(v) > 0 {
				keys["aws:RequestTag/"+k] = v[0]
			}
		}
	}
	return r
}

// IssuerKey is the issuer as IAM names its OIDC provider and condition
// keys: the URL without its scheme, nothing else changed.
func IssuerKey(issuer string) string {
	if _, rest, ok := strings.Cut(issuer, "://"); ok {
		return rest
	}
	return issuer
}

// OIDCProviderARN is the ARN of the IAM OIDC provider for issuer in the
// partition and account of roleARN.
func OIDCProviderARN(roleARN, issuer string) string {
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) < 6 {
		return "oidc-provider/" + IssuerKey(issuer)
	}
	return "arn:" + parts[1] + ":iam::" + parts[4] + ":oidc-provider/" + IssuerKey(issuer)
}

// Trust explains why the trust policy doc of r.RoleARN refuses r: the
// first action it does not allow, and what in the closest statement for
// it does not match (principal, condition keys), or a Deny that matches.
func Trust(doc string, r Request) Finding {
	stmts, err := parsePolicy(doc)
	if err != nil {
		return Finding{What: fmt.Sprintf("the trust policy of %s cannot be read: %v", r.RoleARN, err),
			Fix: "replace it with a valid policy document (qbiz admin apply writes one)"}
	}
	for _, action := range append([]string{r.Action}, r.Also...) {
		if f := r.check(stmts, action); !f.OK() {
			return f
		}
	}
	return Finding{}
}

// mismatch is one reason a statement does not apply, with its remedy.
type mismatch struct{ what, fix string }

func (r Request) check(stmts []statement, action string) Finding {
	if f := r.denied(stmts, action); !f.OK() {
		return f
	}
	var best []mismatch
	for _, s := range stmts {
		if !s.matchesAction(action) || strings.EqualFold(s.Effect, "Deny") {
			continue
		}
		miss := r.mismatches(s)
		if len(miss) == 0 {
			return Finding{}
		}
		if best == nil || len(miss) < len(best) {
			best = miss
		}
	}
	if best == nil {
		return Finding{What: fmt.Sprintf("the trust policy of %s has no statement allowing %s", r.RoleARN, action),
			Fix: fmt.Sprintf("add a statement allowing %s to %s %s%s", action, r.PrincipalKind, r.Principal, r.why(action))}
	}
	var what, fix []string
	for _, m := range best {
		what, fix = append(what, m.what), append(fix, m.fix)
	}
	return Finding{What: fmt.Sprintf("the trust policy of %s refuses %s: %s", r.RoleARN, action, strings.Join(what, "; ")),
		Fix: strings.Join(fix, "; ")}
}

// denied finds a Deny statement that applies to action as r makes it; an
// explicit deny wins over every allow.
func (r Request) denied(stmts []statement, action string) Finding {
	for _, s := range stmts {
		if strings.EqualFold(s.Effect, "Deny") && s.matchesAction(action) && len(r.mismatches(s)) == 0 {
			return Finding{What: fmt.Sprintf("statement %q of the trust policy of %s denies %s", s.Sid, r.RoleARN, action),
				Fix: "remove or narrow that Deny statement"}
		}
	}
	return Finding{}
}

func (r Request) why(action string) string {
	if action == "sts:TagSession" {
		return " (the ID token carries " + TagsClaim + ", so STS tags the session)"
	}
	return ""
}

// mismatches lists what of s does not match r: the principal, then each
// condition, in a stable order.
func (r Request) mismatches(s statement) []mismatch {
	var out []mismatch
	if !s.Principal.allows(r.PrincipalKind, r.Principal) {
		out = append(out, mismatch{what: fmt.Sprintf("it trusts %s %v, not %s", r.PrincipalKind, []string(s.Principal[r.PrincipalKind]), r.Principal),
			fix: fmt.Sprintf("set the statement's Principal.%s to %s", r.PrincipalKind, r.Principal)})
	}
	for _, op := range sortedKeys(s.Condition) {
		for _, key := range sortedKeys(s.Condition[op]) {
			if m, ok := r.condition(op, key, s.Condition[op][key]); !ok {
				out = append(out, m)
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
