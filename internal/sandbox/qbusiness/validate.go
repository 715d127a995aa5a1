package qbusiness

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

var (
	idPattern       = lazyre.New(`^[a-zA-Z0-9][a-zA-Z0-9-]{35}$`)
	namePattern     = lazyre.New(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	arnPattern      = lazyre.New(`^arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].*$`) // {0,1023} in the model; lengths are checked separately
	instPattern     = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`)
	iamIdPArn       = lazyre.New(`^arn:aws:iam::\d{12}:(oidc-provider|saml-provider)/[a-zA-Z0-9_\.\/@\-]+$`)
	attrNamePattern = lazyre.New(`^[a-zA-Z0-9_][a-zA-Z0-9_-]*$`)
	uuidPattern     = lazyre.New(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// checkID validates a 36-character resource id.
func checkID(field, v string) *wire.Error {
	if !idPattern().MatchString(v) {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9-]{35}", field)
	}
	return nil
}

// checkOptionalID validates an id that may be absent.
func checkOptionalID(field, v string) *wire.Error {
	if v == "" {
		return nil
	}
	return checkID(field, v)
}

// checkName validates a display name (1–1000, [a-zA-Z0-9][a-zA-Z0-9_-]*).
func checkName(field, v string) *wire.Error {
	if v == "" {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must not be null", field)
	}
	if len(v) > 1000 || !namePattern().MatchString(v) {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][a-zA-Z0-9_-]*", field)
	}
	return nil
}

// checkLen validates a string length in characters.
func checkLen(field, v string, min, max int) *wire.Error {
	n := utf8.RuneCountInString(v)
	if n < min || n > max {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must have length between %d and %d", field, min, max)
	}
	return nil
}

// checkPrintable validates the \P{C}* pattern with a length range.
func checkPrintable(field, v string, min, max int) *wire.Error {
	if e := checkLen(field, v, min, max); e != nil {
		return e
	}
	if !utf8.ValidString(v) {
		return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must be valid UTF-8", field)
	}
	for _, r := range v {
		if unicode.In(r, unicode.C) {
			return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: \\P{C}*", field)
		}
	}
	return nil
}

// checkPattern validates an optional string against a pattern.
func checkPattern(field, v string, re func() *regexp.Regexp) *wire.Error {
	if v == "" || re().MatchString(v) {
		return nil
	}
	return invalidField(field, "Value at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", field, re().String())
}

// checkEnum validates an optional enum value.
func checkEnum(field, v string, allowed ...string) *wire.Error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	return invalidField(field, "Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: %v", v, field, allowed)
}

// firstErr returns the first non-nil error.
func firstErr(errs ...*wire.Error) *wire.Error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// pageParams reads maxResults (default def, range 1..max) and nextToken.
func pageParams(q url.Values, max, def int) (int, string, *wire.Error) {
	size := def
	if raw, ok := q["maxResults"]; ok {
		n, err := strconv.Atoi(raw[0])
		if err != nil || n < 1 || n > max {
			return 0, "", invalidField("maxResults", "Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and %d", max)
		}
		size = n
	}
	token := q.Get("nextToken")
	if _, ok := q["nextToken"]; ok && (len(token) < 1 || len(token) > 800) {
		return 0, "", invalidField("nextToken", "Value at 'nextToken' failed to satisfy constraint: Member must have length between 1 and 800")
	}
	return size, token, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// checkARN validates an optional ARN member (length 0–1284 and pattern).
func checkARN(field, v string) *wire.Error {
	return firstErr(checkLen(field, v, 0, 1284), checkPattern(field, v, arnPattern))
}
