package sandboxwiring

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/qbiz/qbiz/internal/sandbox/scenario"
)

// trustGatewayClient adds the gateway's client to the audiences the OIDC
// application's role trusts (its StringEquals ISSUER:aud condition), as an
// administrator adding a gateway would: read the trust policy, widen it,
// put it back.
func (s *Sandbox) trustGatewayClient(ctx context.Context) error {
	app, ok := s.info.App("oidc")
	if !ok {
		return fmt.Errorf("sandbox: the demo world has no oidc application")
	}
	c := iam.NewFromConfig(s.adminConfig())
	name := app.RoleARN[strings.LastIndex(app.RoleARN, "/")+1:]
	out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("sandbox: read the OIDC role's trust policy: %w", err)
	}
	doc, err := withAudience(aws.ToString(out.Role.AssumeRolePolicyDocument), scenario.GatewayClientID)
	if err != nil {
		return fmt.Errorf("sandbox: OIDC role %s: %w", name, err)
	}
	_, err = c.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(name), PolicyDocument: aws.String(doc)})
	if err != nil {
		return fmt.Errorf("sandbox: let the OIDC role trust the gateway's client: %w", err)
	}
	return nil
}

// withAudience returns the trust policy doc (as IAM returns it, URL
// encoded) with clientID added to every AssumeRoleWithWebIdentity
// statement's StringEquals …:aud condition.
func withAudience(doc, clientID string) (string, error) {
	if !strings.HasPrefix(strings.TrimSpace(doc), "{") {
		d, err := url.QueryUnescape(doc)
		if err != nil {
			return "", fmt.Errorf("trust policy: %w", err)
		}
		doc = d
	}
	var p struct {
		Version   string           `json:"Version"`
		Statement []map[string]any `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return "", fmt.Errorf("trust policy: %w", err)
	}
	found := false
	for _, st := range p.Statement {
		if st["Action"] != "sts:AssumeRoleWithWebIdentity" {
			continue
		}
		cond, _ := st["Condition"].(map[string]any)
		eq, _ := cond["StringEquals"].(map[string]any)
		for k, v := range eq {
			if strings.HasSuffix(k, ":aud") {
				eq[k], found = addValue(v, clientID), true
			}
		}
	}
	if !found {
		return "", fmt.Errorf("trust policy has no StringEquals …:aud condition on sts:AssumeRoleWithWebIdentity")
	}
	b, err := json.Marshal(p)
	return string(b), err
}

func addValue(v any, s string) []any {
	var list []any
	switch v := v.(type) {
	case string:
		list = []any{v}
	case []any:
		list = v
	}
	if !slices.Contains(list, any(s)) {
		list = append(list, s)
	}
	return list
}
