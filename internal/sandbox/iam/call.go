package iam

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

// call is one parsed awsQuery request; the first input error sticks in err.
type call struct {
	form url.Values
	err  *wire.Error
}

func (c *call) str(name string) string { return c.form.Get(name) }

// need returns a required parameter; member is its lowerCamel model name.
func (c *call) need(name, member string) string {
	v := c.form.Get(name)
	if v == "" {
		c.fail(wire.Constraint("", member, "Member must not be null"))
	}
	return v
}

func (c *call) fail(e *wire.Error) {
	if c.err == nil {
		c.err = e
	}
}

func (c *call) list(prefix string) []string { return wire.Members(c.form, prefix, "") }

func (c *call) int(name, member string, min, max int) (int, bool) {
	v := c.form.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.fail(wire.ValidationError("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must be a number", v, member))
		return 0, false
	}
	if n < min {
		c.fail(wire.Constraint(v, member, "Member must have value greater than or equal to "+strconv.Itoa(min)))
	} else if n > max {
		c.fail(wire.Constraint(v, member, "Member must have value less than or equal to "+strconv.Itoa(max)))
	}
	return n, true
}

// name validates an IAM name parameter against [\w+=,.@-]{1,max}.
func (c *call) name(param, member string, max int) string {
	v := c.need(param, member)
	if v == "" {
		return v
	}
	if len(v) > max {
		c.fail(wire.Constraint(v, member, "Member must have length less than or equal to "+strconv.Itoa(max)))
	} else if !nameOK(v) {
		c.fail(wire.Constraint(v, member, `Member must satisfy regular expression pattern: [\w+=,.@-]+`))
	}
	return v
}

func nameOK(v string) bool {
	for _, r := range v {
		if !(r == '_' || r == '+' || r == '=' || r == ',' || r == '.' || r == '@' || r == '-' ||
			r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return v != ""
}

func (c *call) path(param string) string {
	v := c.form.Get(param)
	if v == "" {
		return "/"
	}
	if len(v) > 512 || !strings.HasPrefix(v, "/") || !strings.HasSuffix(v, "/") || strings.Contains(v, "//") {
		c.fail(wire.Constraint(v, "path", `Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`))
	}
	for _, r := range v {
		if r < 0x21 || r > 0x7e {
			c.fail(wire.Constraint(v, "path", `Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)`))
		}
	}
	return v
}

func (c *call) tags() []Tag {
	keys := wire.Members(c.form, "Tags", "Key")
	vals := wire.Members(c.form, "Tags", "Value")
	if len(keys) > 50 {
		c.fail(wire.ValidationError("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"))
		return nil
	}
	out := make([]Tag, 0, len(keys))
	seen := map[string]bool{}
	for i, k := range keys {
		v := ""
		if i < len(vals) {
			v = vals[i]
		}
		switch {
		case k == "" || len(k) > 128:
			c.fail(wire.ValidationError("1 validation error detected: Value at 'tags.%d.member.key' failed to satisfy constraint: Member must have length less than or equal to 128", i+1))
		case len(v) > 256:
			c.fail(wire.ValidationError("1 validation error detected: Value at 'tags.%d.member.value' failed to satisfy constraint: Member must have length less than or equal to 256", i+1))
		case seen[strings.ToLower(k)]:
			c.fail(invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive."))
		}
		seen[strings.ToLower(k)] = true
		out = append(out, Tag{Key: k, Value: v})
	}
	return out
}

// page applies Marker/MaxItems to n items and returns the window.
func (c *call) page(n int) (from, to int, marker string) {
	max, ok := c.int("MaxItems", "maxItems", 1, 1000)
	if !ok {
		max = 100
	}
	if m := c.form.Get("Marker"); m != "" {
		i, err := strconv.Atoi(m)
		if err != nil || i < 0 || i > n {
			c.fail(wire.ValidationError("Invalid Marker."))
			return 0, 0, ""
		}
		from = i
	}
	to = min(from+max, n)
	if to < n {
		marker = strconv.Itoa(to)
	}
	return from, to, marker
}
