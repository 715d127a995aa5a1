package ssoadmin

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
)

// Patterns from the sso-admin model.
var (
	reInstanceARN  = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`)
	reAppARN       = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16}$`)
	reTTIARN       = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::\d{12}:trustedTokenIssuer/(sso)?ins-[a-zA-Z0-9-.]{16}/tti-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`)
	reProviderARN  = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::aws:applicationProvider/[a-zA-Z0-9-/]+$`)
	reName         = lazyre.New(`^[\w+=,.@-]+$`)
	reIssuerURL    = lazyre.New(`^https?:\/\/[-a-zA-Z0-9+&@\/%=~_|!:,.;]*[-a-zA-Z0-9+&@\/%=~_|]$`)
	reClaimPath    = lazyre.New(`^\p{L}+(?:(\.|\_)\p{L}+){0,2}$`)
	reJMESPath     = lazyre.New(`^\p{L}+(?:\.\p{L}+){0,2}$`)
	reClientToken  = lazyre.New(`^[!-~]+$`)
	reTagText      = lazyre.New(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)
	reScope        = lazyre.New(`^([A-Za-z0-9_]{1,50})(:[A-Za-z0-9_]{1,50}){0,1}(:[A-Za-z0-9_]{1,50}){0,1}$`)
	reScopeTarget  = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::(\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16}|:instance/(sso)?ins-[a-zA-Z0-9-.]{16})$`)
	reToken        = lazyre.New(`^[-a-zA-Z0-9+=/_]*$`)
	reAccountID    = lazyre.New(`^\d{12}$`)
	reAppURL       = lazyre.New(`^http(s)?:\/\/[-a-zA-Z0-9+&@#\/%?=~_|!:,.;]*[-a-zA-Z0-9+&bb@#\/%?=~_|]$`)
	reTaggableARN  = lazyre.New(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso::((:instance/(sso)?ins-[a-zA-Z0-9-.]{16})|(:permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16})|(\d{12}:application/(sso)?ins-[a-zA-Z0-9-.]{16}/apl-[a-zA-Z0-9]{16})|(\d{12}:trustedTokenIssuer/(sso)?ins-[a-zA-Z0-9-.]{16}/tti-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}))$`)
	reAnyArnLength = [2]int{10, 1224}
)

// validator collects constraint violations in the service's wording.
type validator struct{ problems []string }

func (v *validator) add(value *string, field, constraint string) {
	shown := "null"
	if value != nil {
		shown = "'" + *value + "'"
	}
	v.problems = append(v.problems, fmt.Sprintf("Value %s at '%s' failed to satisfy constraint: %s", shown, field, constraint))
}

// str checks a string member: presence, length and pattern.
func (v *validator) str(field, val string, required bool, min, max int, re func() *regexp.Regexp) {
	if val == "" {
		if required {
			v.add(nil, field, "Member must not be null")
		}
		return
	}
	n := utf8.RuneCountInString(val)
	switch {
	case n < min:
		v.add(&val, field, fmt.Sprintf("Member must have length greater than or equal to %d", min))
	case max > 0 && n > max:
		v.add(&val, field, fmt.Sprintf("Member must have length less than or equal to %d", max))
	case re != nil && !re().MatchString(val):
		v.add(&val, field, "Member must satisfy regular expression pattern: "+re().String())
	}
}

func (v *validator) arn(field, val string, required bool, re func() *regexp.Regexp) {
	v.str(field, val, required, reAnyArnLength[0], reAnyArnLength[1], re)
}

func (v *validator) enum(field, val string, required bool, allowed ...string) {
	if val == "" {
		if required {
			v.add(nil, field, "Member must not be null")
		}
		return
	}
	for _, a := range allowed {
		if val == a {
			return
		}
	}
	v.add(&val, field, "Member must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
}

func (v *validator) count(field string, n, min, max int) {
	if n < min {
		v.problems = append(v.problems, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d", field, min))
	} else if n > max {
		v.problems = append(v.problems, fmt.Sprintf("Value at '%s' failed to satisfy constraint: Member must have length less than or equal to %d", field, max))
	}
}

func (v *validator) tags(tags []Tag) {
	v.count("tags", len(tags), 0, MaxTags)
	for i, t := range tags {
		v.str(fmt.Sprintf("tags.%d.member.key", i+1), t.Key, true, 1, 128, reTagText)
		if t.Value != "" {
			v.str(fmt.Sprintf("tags.%d.member.value", i+1), t.Value, false, 0, 256, reTagText)
		}
	}
}

func (v *validator) maxResults(n *int) {
	if n != nil && (*n < 1 || *n > 100) {
		s := fmt.Sprint(*n)
		v.add(&s, "maxResults", "Member must have value between 1 and 100")
	}
}

// err returns the collected problems as one ValidationException, or nil.
func (v *validator) err() error {
	switch len(v.problems) {
	case 0:
		return nil
	case 1:
		return errValidation("1 validation error detected: %s", v.problems[0])
	}
	return errValidation("%d validation errors detected: %s", len(v.problems), strings.Join(v.problems, "; "))
}
