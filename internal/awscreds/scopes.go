package awscreds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// namedScopes are the session policies qbiz knows by name, by the Q
// Business actions they allow on the profile's application.
var namedScopes = map[string][]string{
	// Read conversations and messages and the application's settings.
	"qbusiness:read": {"qbusiness:Get*", "qbusiness:List*"},
	// Ask, and read: no feedback, no deletion.
	"qbusiness:chat": {"qbusiness:Get*", "qbusiness:List*", "qbusiness:Chat", "qbusiness:ChatSync",
		"qbusiness:SearchRelevantContent"},
	// What a user of the web experience does: ask, read, give feedback,
	// delete their conversations.
	"qbusiness:user": {"qbusiness:Get*", "qbusiness:List*", "qbusiness:Chat", "qbusiness:ChatSync",
		"qbusiness:SearchRelevantContent", "qbusiness:PutFeedback", "qbusiness:DeleteConversation"},
}

// ScopeNames are the named scopes, sorted.
func ScopeNames() []string {
	names := make([]string, 0, len(namedScopes))
	for n := range namedScopes {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// maxSessionPolicy is STS's limit on the Policy parameter.
const maxSessionPolicy = 2048

// ErrUnknownScope is a scope that is neither a known name nor JSON.
var ErrUnknownScope = errors.New("unknown scope")

// SessionPolicy turns a scope as written (a name from ScopeNames, or an
// inline JSON policy) into the session policy to pass to STS, compacted.
// appARN is the application a named scope is limited to (its
// conversations and messages are under it).
func SessionPolicy(scope, appARN string) (string, error) {
	scope = strings.TrimSpace(scope)
	if strings.HasPrefix(scope, "{") {
		return inlinePolicy(scope)
	}
	actions, ok := namedScopes[scope]
	if !ok {
		return "", fmt.Errorf("%w %q: use one of %s, or an inline JSON policy", ErrUnknownScope, scope, strings.Join(ScopeNames(), ", "))
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": []map[string]any{{
		"Effect": "Allow", "Action": actions, "Resource": []string{appARN, appARN + "/*"},
	}}}
	b, err := json.Marshal(doc)
	return string(b), err
}

func inlinePolicy(scope string) (string, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(scope)); err != nil {
		return "", fmt.Errorf("session policy: not JSON: %w", err)
	}
	if b.Len() > maxSessionPolicy {
		return "", fmt.Errorf("session policy: %d characters, STS takes at most %d", b.Len(), maxSessionPolicy)
	}
	return b.String(), nil
}
