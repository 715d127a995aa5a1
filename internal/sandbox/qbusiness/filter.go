package qbusiness

import (
	"slices"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/retrieval"
)

// attributeFilter is the model's AttributeFilter, evaluated against the
// string attributes BatchPutDocument stored.
type attributeFilter struct {
	AndAll       []attributeFilter  `json:"andAllFilters"`
	OrAll        []attributeFilter  `json:"orAllFilters"`
	Not          *attributeFilter   `json:"notFilter"`
	EqualsTo     *documentAttribute `json:"equalsTo"`
	ContainsAll  *documentAttribute `json:"containsAll"`
	ContainsAny  *documentAttribute `json:"containsAny"`
	GreaterThan  *documentAttribute `json:"greaterThan"`
	GreaterOrEq  *documentAttribute `json:"greaterThanOrEquals"`
	LessThan     *documentAttribute `json:"lessThan"`
	LessOrEquals *documentAttribute `json:"lessThanOrEquals"`
}

// match reports whether d passes every condition the filter sets.
func (f *attributeFilter) match(d retrieval.Document) bool {
	for _, sub := range f.AndAll {
		if !sub.match(d) {
			return false
		}
	}
	if len(f.OrAll) > 0 && !slices.ContainsFunc(f.OrAll, func(sub attributeFilter) bool { return sub.match(d) }) {
		return false
	}
	if f.Not != nil && f.Not.match(d) {
		return false
	}
	checks := []struct {
		a  *documentAttribute
		fn func(doc, want string, v *attributeValue) bool
	}{
		{f.EqualsTo, func(doc, want string, _ *attributeValue) bool { return doc == want }},
		{f.ContainsAll, containsAll}, {f.ContainsAny, containsAny},
		{f.GreaterThan, compareWith(func(c int) bool { return c > 0 })},
		{f.GreaterOrEq, compareWith(func(c int) bool { return c >= 0 })},
		{f.LessThan, compareWith(func(c int) bool { return c < 0 })},
		{f.LessOrEquals, compareWith(func(c int) bool { return c <= 0 })},
	}
	for _, c := range checks {
		if c.a == nil || c.a.Value == nil {
			continue
		}
		got, ok := d.Attributes[c.a.Name]
		if !ok || !c.fn(got, c.a.Value.String(), c.a.Value) {
			return false
		}
	}
	return true
}

func containsAll(doc, _ string, v *attributeValue) bool {
	have := strings.Split(doc, ",")
	for _, w := range v.StringListValue {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func containsAny(doc, _ string, v *attributeValue) bool {
	have := strings.Split(doc, ",")
	return slices.ContainsFunc(v.StringListValue, func(w string) bool { return slices.Contains(have, w) })
}

// compareWith compares numbers numerically and anything else (RFC 3339
// dates) as strings.
func compareWith(ok func(int) bool) func(doc, want string, v *attributeValue) bool {
	return func(doc, want string, v *attributeValue) bool {
		if v.LongValue != nil {
			n, err := strconv.ParseInt(doc, 10, 64)
			if err != nil {
				return false
			}
			switch {
			case n < *v.LongValue:
				return ok(-1)
			case n > *v.LongValue:
				return ok(1)
			}
			return ok(0)
		}
		return ok(strings.Compare(doc, want))
	}
}
