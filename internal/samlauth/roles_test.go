package samlauth

import (
	"slices"
	"testing"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

// TestRoleAttributeParsing: each Role value is "role,provider" in either
// order, as STS reads it; anything else is skipped, and an assertion left
// with no usable pair is refused with ErrNoRole.
func TestRoleAttributeParsing(t *testing.T) {
	const (
		otherRole = "arn:aws:iam::123456789012:role/Other"
		user      = "arn:aws:iam::123456789012:user/u"
	)
	pair := RolePair{RoleARN: roleARN, ProviderARN: providerARN}
	cases := []struct {
		name   string
		values []string
		want   []RolePair
	}{
		{"role first", []string{roleARN + "," + providerARN}, []RolePair{pair}},
		{"provider first", []string{providerARN + "," + roleARN}, []RolePair{pair}},
		{"spaces around", []string{" " + roleARN + " , " + providerARN + " "}, []RolePair{pair}},
		{"two pairs", []string{roleARN + "," + providerARN, otherRole + "," + providerARN},
			[]RolePair{pair, {RoleARN: otherRole, ProviderARN: providerARN}}},
		{"bad value beside a good one", []string{roleARN, roleARN + "," + providerARN}, []RolePair{pair}},
		{"no comma", []string{roleARN}, nil},
		{"three parts", []string{roleARN + "," + providerARN + "," + otherRole}, nil},
		{"two roles", []string{roleARN + "," + otherRole}, nil},
		{"two providers", []string{providerARN + "," + providerARN}, nil},
		{"user instead of role", []string{user + "," + providerARN}, nil},
		{"not an ARN", []string{"role/QBusinessUser,saml-provider/sandbox"}, nil},
	}
	f := newFixture(t, samlidp.SignAssertion)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, form, xml := f.genuine("mary")
			form = withXML(form, resign(t, trustedSigner(t), xml, false, func(r *etree.Element) { setRoleValues(r, tc.values) }))
			if tc.want == nil {
				wantReject(t, f.sp, req, form, ErrNoRole)
				return
			}
			res := wantAccept(t, f.sp, req, form, marySubject(t))
			if !slices.Equal(res.Roles, tc.want) {
				t.Fatalf("roles = %v, want %v", res.Roles, tc.want)
			}
		})
	}
}

// setRoleValues replaces the values of the AWS Role attribute.
func setRoleValues(root *etree.Element, values []string) {
	for _, at := range find(assertionOf(root), "AttributeStatement").SelectElements("Attribute") {
		if at.SelectAttrValue("Name", "") != attrRole {
			continue
		}
		for _, v := range at.SelectElements("AttributeValue") {
			at.RemoveChild(v)
		}
		for _, v := range values {
			at.CreateElement("saml:AttributeValue").SetText(v)
		}
	}
}
