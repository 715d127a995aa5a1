package sts

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// sessionTags are the session tags of a new session.
type sessionTags struct {
	tags       map[string]string
	transitive []string
}

func (t sessionTags) addConditionKeys(keys map[string][]string) {
	var names []string
	for k, v := range t.tags {
		keys["aws:RequestTag/"+k] = []string{v}
		keys["aws:PrincipalTag/"+k] = []string{v}
		names = append(names, k)
	}
	slices.Sort(names)
	keys["aws:TagKeys"] = names
}

// parseTagsClaim reads the https://aws.amazon.com/tags claim.
func parseTagsClaim(raw json.RawMessage) (sessionTags, *wire.Error) {
	var claim struct {
		PrincipalTags     map[string]json.RawMessage `json:"principal_tags"`
		TransitiveTagKeys []string                   `json:"transitive_tag_keys"`
	}
	bad := invalidToken("The web identity token contains an invalid session tags claim.")
	if json.Unmarshal(raw, &claim) != nil {
		return sessionTags{}, bad
	}
	kv := make([][2]string, 0, len(claim.PrincipalTags))
	for k, rv := range claim.PrincipalTags {
		v, ok := tagValue(rv)
		if !ok {
			return sessionTags{}, bad
		}
		kv = append(kv, [2]string{k, v})
	}
	t, msg := buildTags(kv, claim.TransitiveTagKeys)
	if msg != "" {
		return sessionTags{}, invalidToken("%s", msg)
	}
	return t, nil
}

func tagValue(raw json.RawMessage) (string, bool) {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, ""), len(list) == 1
	}
	var one string
	return one, json.Unmarshal(raw, &one) == nil
}

// buildTags validates tags against STS limits; it returns an error message.
func buildTags(kv [][2]string, transitive []string) (sessionTags, string) {
	if len(kv) > 50 {
		return sessionTags{}, "Session tags exceed the maximum of 50."
	}
	t := sessionTags{tags: map[string]string{}}
	seen := map[string]bool{}
	for _, p := range kv {
		k, v := p[0], p[1]
		if k == "" || len(k) > 128 || len(v) > 256 || strings.HasPrefix(strings.ToLower(k), "aws:") {
			return sessionTags{}, "Session tag keys must be 1-128 characters and values at most 256 characters."
		}
		if seen[strings.ToLower(k)] {
			return sessionTags{}, "Duplicate tag keys found. Please note that Tag keys are case insensitive."
		}
		seen[strings.ToLower(k)] = true
		t.tags[k] = v
	}
	for _, k := range transitive {
		if !seen[strings.ToLower(k)] {
			return sessionTags{}, "The specified transitive tag key must be included in the requested tags."
		}
		t.transitive = append(t.transitive, k)
	}
	if len(t.tags) == 0 {
		t.tags = nil
	}
	return t, ""
}
