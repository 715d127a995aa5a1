package diagnose

import "fmt"

// emailTag is the principal tag Q Business identifies an IAM-federated
// user by.
const emailTag = "Email"

// TagClaim checks that an OIDC ID token gives STS the Email session tag
// Q Business identifies the user by.
func TagClaim(t Token) Finding {
	fix := fmt.Sprintf(`at the IdP, add to the ID tokens of client %s the claim %s = {"principal_tags": {"Email": ["<the user's email>"]}}`,
		first(t.Audience), TagsClaim)
	if !t.HasTagsClaim {
		return Finding{What: "the ID token has no " + TagsClaim + " claim, so STS sets no Email session tag and Q Business cannot tell who the user is", Fix: fix}
	}
	emails := t.PrincipalTags[emailTag]
	if len(emails) != 1 || emails[0] == "" {
		return Finding{What: fmt.Sprintf("the %s claim of the ID token has no single principal tag Email (it has %v)", TagsClaim, t.PrincipalTags), Fix: fix}
	}
	return Finding{}
}

func first(vs []string) string {
	if len(vs) == 0 {
		return "(none)"
	}
	return vs[0]
}
