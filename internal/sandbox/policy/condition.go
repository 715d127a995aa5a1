package policy

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Set qualifies how a multivalued context key is compared.
type Set int

const (
	// Single compares a single-valued key (any context value may match).
	Single Set = iota
	// ForAnyValue is true when at least one context value matches.
	ForAnyValue
	// ForAllValues is true when every context value matches.
	ForAllValues
)

// Condition is one (operator, key, values) triple of a Condition block.
type Condition struct {
	Operator string // base operator, e.g. StringLike
	IfExists bool
	Set      Set
	Key      string
	Values   []string
}

type operator struct {
	negated bool
	match   func(ctxVal, polVal string) bool
}

var operators = map[string]operator{
	"StringEquals":              {false, func(c, p string) bool { return c == p }},
	"StringNotEquals":           {true, func(c, p string) bool { return c == p }},
	"StringEqualsIgnoreCase":    {false, strings.EqualFold},
	"StringNotEqualsIgnoreCase": {true, strings.EqualFold},
	"StringLike":                {false, func(c, p string) bool { return Match(p, c, false) }},
	"StringNotLike":             {true, func(c, p string) bool { return Match(p, c, false) }},
	"NumericEquals":             {false, numeric(func(c int) bool { return c == 0 })},
	"NumericNotEquals":          {true, numeric(func(c int) bool { return c == 0 })},
	"NumericLessThan":           {false, numeric(func(c int) bool { return c < 0 })},
	"NumericLessThanEquals":     {false, numeric(func(c int) bool { return c <= 0 })},
	"NumericGreaterThan":        {false, numeric(func(c int) bool { return c > 0 })},
	"NumericGreaterThanEquals":  {false, numeric(func(c int) bool { return c >= 0 })},
	"DateEquals":                {false, date(func(c int) bool { return c == 0 })},
	"DateNotEquals":             {true, date(func(c int) bool { return c == 0 })},
	"DateLessThan":              {false, date(func(c int) bool { return c < 0 })},
	"DateLessThanEquals":        {false, date(func(c int) bool { return c <= 0 })},
	"DateGreaterThan":           {false, date(func(c int) bool { return c > 0 })},
	"DateGreaterThanEquals":     {false, date(func(c int) bool { return c >= 0 })},
	"Bool":                      {false, func(c, p string) bool { return strings.EqualFold(c, p) }},
	"BinaryEquals":              {false, func(c, p string) bool { return c == p }},
	"ArnEquals":                 {false, arnMatch},
	"ArnLike":                   {false, arnMatch},
	"ArnNotEquals":              {true, arnMatch},
	"ArnNotLike":                {true, arnMatch},
	"IpAddress":                 {false, ipMatch},
	"NotIpAddress":              {true, ipMatch},
	"Null":                      {false, nil},
}

func parseConditions(v json.RawMessage) ([]Condition, error) {
	var block map[string]map[string]json.RawMessage
	if json.Unmarshal(v, &block) != nil {
		return nil, errSyntax
	}
	var out []Condition
	for _, opName := range sortedKeys(block) {
		base, set, ifExists, err := splitOperator(opName)
		if err != nil {
			return nil, err
		}
		for _, key := range sortedKeys(block[opName]) {
			if !strings.Contains(key, ":") {
				return nil, errf("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")
			}
			vals, err := conditionValues(block[opName][key])
			if err != nil {
				return nil, err
			}
			out = append(out, Condition{Operator: base, IfExists: ifExists, Set: set, Key: key, Values: vals})
		}
	}
	return out, nil
}

func splitOperator(name string) (string, Set, bool, error) {
	set := Single
	base := name
	if rest, ok := strings.CutPrefix(base, "ForAnyValue:"); ok {
		base, set = rest, ForAnyValue
	} else if rest, ok := strings.CutPrefix(base, "ForAllValues:"); ok {
		base, set = rest, ForAllValues
	}
	base, ifExists := strings.CutSuffix(base, "IfExists")
	if _, ok := operators[base]; !ok || (base == "Null" && (ifExists || set != Single)) {
		return "", 0, false, errf("Invalid Condition type : %s.", name)
	}
	return base, set, ifExists, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// conditionValues accepts a scalar or an array of scalars (string, number, bool).
func conditionValues(v json.RawMessage) ([]string, error) {
	var many []json.RawMessage
	if json.Unmarshal(v, &many) != nil {
		many = []json.RawMessage{v}
	}
	if len(many) == 0 {
		return nil, errSyntax
	}
	out := make([]string, 0, len(many))
	for _, raw := range many {
		s, ok := scalar(raw)
		if !ok {
			return nil, errSyntax
		}
		out = append(out, s)
	}
	return out, nil
}

func scalar(raw json.RawMessage) (string, bool) {
	var x any
	if json.Unmarshal(raw, &x) != nil {
		return "", false
	}
	switch t := x.(type) {
	case string:
		return t, true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strings.TrimSpace(string(raw)), true
	}
	return "", false
}
