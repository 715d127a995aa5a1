package scenario

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/qbusiness"

	"github.com/qbiz/qbiz/internal/sandbox/directory"
)

// Soak world: users u000…, half signing in by OIDC and half by SAML, each
// owning one canary document only that user can read.
const (
	SoakDomain = "soak.example.com"
	SoakGroup  = "soak-team"
)

// SoakUser is one soak user: who signs in where and which canary only that
// user's chats can quote.
type SoakUser struct {
	directory.User
	// IdP is "oidc" (even users) or "saml" (odd users).
	IdP string `json:"idp"`
	// Canary is CANARY-<username>-<random hex>, the text of the user's own
	// document in the application of IdP.
	Canary string `json:"canary"`
}

// SoakUsers makes n users u000…u(n-1) drawing passwords and canaries from
// random. Every user has the same email domain and group, every user of an
// IdP the same role; u001 (the first SAML user) has u000's email, so the
// same email belongs to two people of two IdPs.
func SoakUsers(n int, random io.Reader) ([]SoakUser, error) {
	users := make([]SoakUser, 0, n)
	for i := range n {
		name := fmt.Sprintf("u%03d", i)
		pw, err := randomHex(random, 12)
		if err != nil {
			return nil, fmt.Errorf("soak user %s: %w", name, err)
		}
		tag, err := randomHex(random, 6)
		if err != nil {
			return nil, fmt.Errorf("soak user %s: %w", name, err)
		}
		u := SoakUser{User: directory.User{Username: name, Password: "soak-" + pw, Email: SoakEmail(name), Name: "Soak User " + name,
			Groups: []string{SoakGroup}}, IdP: "oidc", Canary: "CANARY-" + name + "-" + tag}
		if i%2 == 1 {
			u.IdP = "saml"
		}
		if i == 1 {
			u.Email = SoakEmail("u000")
		}
		users = append(users, u)
	}
	return users, nil
}

// SoakEmail is the email a soak user is created with.
func SoakEmail(username string) string { return username + "@" + SoakDomain }

func randomHex(r io.Reader, n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// CanaryDocument is u's canary document, readable by u's email alone.
func CanaryDocument(u SoakUser) Document {
	return Document{ID: "canary-" + u.Username, Title: "Canary of " + u.Username, URL: "https://soak.example.com/canary/" + u.Username,
		Content: "The soak canary of this account is " + u.Canary + ", whatever nonce a question about the soak canary carries.",
		ACL:     &ACL{MemberRelation: "OR", Controls: []Control{{MemberRelation: "OR", Grants: []Grant{{Kind: "USER", Name: u.Email, Access: "ALLOW"}}}}}}
}

// LoadCanaries indexes each user's canary document in the application of
// the user's IdP (apps by mode), using admin credentials in cfg.
func LoadCanaries(ctx context.Context, cfg aws.Config, apps []Application, users []SoakUser) error {
	q := qbusiness.NewFromConfig(cfg)
	for _, app := range apps {
		var docs []Document
		for _, u := range users {
			if u.IdP == app.Mode {
				docs = append(docs, CanaryDocument(u))
			}
		}
		if err := putDocuments(ctx, q, app, docs); err != nil {
			return err
		}
	}
	return nil
}
