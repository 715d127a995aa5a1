package policy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Kind selects the grammar rules a document must follow.
type Kind int

const (
	// Identity is a permission policy: Resource required, Principal prohibited.
	Identity Kind = iota
	// Trust is a role trust policy: Principal required, Resource prohibited,
	// only STS assume actions.
	Trust
	// Resource is a resource-based policy: Principal and Resource allowed.
	Resource
)

// MaxDocumentSize bounds the input of Parse.
const MaxDocumentSize = 131072

// Error is a malformed-document error; its message is what IAM's
// MalformedPolicyDocument carries.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func errf(format string, args ...any) error { return &Error{Msg: fmt.Sprintf(format, args...)} }

var (
	errJSON   = &Error{Msg: "This policy contains invalid Json"}
	errSyntax = &Error{Msg: "Syntax errors in policy."}
)

// Document is a parsed policy.
type Document struct {
	Version    string
	ID         string
	Statements []Statement
}

// Statement is one parsed statement.
type Statement struct {
	Sid          string
	Allow        bool
	Principal    *Principals
	NotPrincipal *Principals
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Conditions   []Condition
	hasResource  bool
}

// Principals is a Principal block; Any is the bare "*".
type Principals struct {
	Any    bool
	Values map[string][]string // AWS, Federated, Service, CanonicalUser
}

// Parse parses doc under the rules of kind.
func Parse(doc []byte, kind Kind) (*Document, error) {
	if len(doc) > MaxDocumentSize {
		return nil, errf("Cannot exceed quota for PolicySize: %d", MaxDocumentSize)
	}
	var raw map[string]json.RawMessage
	if err := strictUnmarshal(doc, &raw); err != nil || raw == nil {
		return nil, errJSON
	}
	d := &Document{}
	for k, v := range raw {
		switch k {
		case "Version":
			if json.Unmarshal(v, &d.Version) != nil {
				return nil, errSyntax
			}
		case "Id":
			if json.Unmarshal(v, &d.ID) != nil {
				return nil, errSyntax
			}
		case "Statement":
		default:
			return nil, errSyntax
		}
	}
	if d.Version != "2012-10-17" && d.Version != "2008-10-17" {
		return nil, errf("Policy document must be version 2012-10-17 or greater.")
	}
	stmts, err := parseStatements(raw["Statement"], kind)
	if err != nil {
		return nil, err
	}
	d.Statements = stmts
	return d, nil
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errJSON
	}
	return nil
}

func parseStatements(raw json.RawMessage, kind Kind) ([]Statement, error) {
	if len(raw) == 0 {
		return nil, errSyntax
	}
	var list []json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		if json.Unmarshal(raw, &list) != nil {
			return nil, errSyntax
		}
	} else {
		list = []json.RawMessage{raw}
	}
	if len(list) == 0 {
		return nil, errSyntax
	}
	seen := map[string]bool{}
	out := make([]Statement, 0, len(list))
	for _, r := range list {
		s, err := parseStatement(r, kind)
		if err != nil {
			return nil, err
		}
		if s.Sid != "" {
			if seen[s.Sid] {
				return nil, errf("Statement IDs (SID) in a single policy must be unique.")
			}
			seen[s.Sid] = true
		}
		out = append(out, s)
	}
	return out, nil
}

func parseStatement(raw json.RawMessage, kind Kind) (Statement, error) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m == nil {
		return Statement{}, errSyntax
	}
	var s Statement
	for k, v := range m {
		if err := s.setField(k, v); err != nil {
			return Statement{}, err
		}
	}
	if _, ok := m["Effect"]; !ok {
		return Statement{}, errSyntax
	}
	return s, s.check(kind)
}

func (s *Statement) setField(k string, v json.RawMessage) error {
	var err error
	switch k {
	case "Sid":
		if json.Unmarshal(v, &s.Sid) != nil {
			return errSyntax
		}
	case "Effect":
		var e string
		if json.Unmarshal(v, &e) != nil || (e != "Allow" && e != "Deny") {
			return errSyntax
		}
		s.Allow = e == "Allow"
	case "Action":
		s.Action, err = stringList(v)
	case "NotAction":
		s.NotAction, err = stringList(v)
	case "Resource":
		s.Resource, err = stringList(v)
	case "NotResource":
		s.NotResource, err = stringList(v)
	case "Principal":
		s.Principal, err = parsePrincipals(v)
	case "NotPrincipal":
		s.NotPrincipal, err = parsePrincipals(v)
	case "Condition":
		s.Conditions, err = parseConditions(v)
	default:
		return errSyntax
	}
	return err
}

func (s *Statement) check(kind Kind) error {
	if (s.Action == nil) == (s.NotAction == nil) {
		if s.Action == nil {
			return errf("Policy statement must contain actions.")
		}
		return errSyntax
	}
	if s.Resource != nil && s.NotResource != nil {
		return errSyntax
	}
	if s.Principal != nil && s.NotPrincipal != nil {
		return errSyntax
	}
	s.hasResource = s.Resource != nil || s.NotResource != nil
	if err := checkActions(append(append([]string{}, s.Action...), s.NotAction...)); err != nil {
		return err
	}
	if err := checkResources(append(append([]string{}, s.Resource...), s.NotResource...)); err != nil {
		return err
	}
	return s.checkKind(kind)
}

func (s *Statement) checkKind(kind Kind) error {
	hasPrincipal := s.Principal != nil || s.NotPrincipal != nil
	switch kind {
	case Identity:
		if hasPrincipal {
			return errf("Policy document should not specify a principal.")
		}
		if !s.hasResource {
			return errf("Policy statement must contain resources.")
		}
	case Trust:
		if s.hasResource {
			return errf("Has prohibited field Resource")
		}
		if !hasPrincipal {
			return errf("AssumeRole policy must contain a principal.")
		}
		for _, a := range append(append([]string{}, s.Action...), s.NotAction...) {
			if !trustAction(a) {
				return errf("AssumeRole policy may only specify STS AssumeRole actions.")
			}
		}
	case Resource:
		if !hasPrincipal {
			return errf("Policy document should specify a principal.")
		}
	}
	return nil
}

var trustActions = []string{"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext"}

func trustAction(a string) bool {
	for _, t := range trustActions {
		if Match(a, t, true) {
			return true
		}
	}
	return false
}

func checkActions(actions []string) error {
	for _, a := range actions {
		if a == "*" {
			continue
		}
		vendor, name, ok := strings.Cut(a, ":")
		if !ok || vendor == "" || name == "" || strings.ContainsAny(vendor, "*? ") {
			return errf("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
		}
	}
	return nil
}

func checkResources(resources []string) error {
	for _, r := range resources {
		if r == "*" {
			continue
		}
		if !strings.HasPrefix(r, "arn:") || strings.Count(r, ":") < 5 {
			return errf("Resource %s must be in ARN format or \"*\".", r)
		}
	}
	return nil
}

// stringList decodes a JSON string or a non-empty array of strings.
func stringList(v json.RawMessage) ([]string, error) {
	var one string
	if json.Unmarshal(v, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if json.Unmarshal(v, &many) != nil || len(many) == 0 {
		return nil, errSyntax
	}
	return many, nil
}

var principalTypes = map[string]bool{"AWS": true, "Federated": true, "Service": true, "CanonicalUser": true}

func parsePrincipals(v json.RawMessage) (*Principals, error) {
	var star string
	if json.Unmarshal(v, &star) == nil {
		if star != "*" {
			return nil, errf("Invalid principal in policy: %q", star)
		}
		return &Principals{Any: true}, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil || len(m) == 0 {
		return nil, errSyntax
	}
	p := &Principals{Values: map[string][]string{}}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !principalTypes[k] {
			return nil, errf("Invalid principal in policy: %q", k)
		}
		vals, err := stringList(m[k])
		if err != nil {
			return nil, err
		}
		p.Values[k] = vals
	}
	return p, nil
}
