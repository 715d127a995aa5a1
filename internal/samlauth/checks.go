package samlauth

import (
	"crypto/subtle"
	"slices"
	"time"
)

// checker applies the SP's rules to one response for one request.
type checker struct {
	cfg    *Config
	issuer string
	req    *Request
	now    time.Time
}

func (c *checker) response(r *responseData) error {
	switch {
	case r.status != statusSuccess:
		return reject(ErrStatus, "")
	case r.issuer != c.issuer:
		return reject(ErrWrongIssuer, "the Response Issuer is not "+c.issuer)
	case r.destination != c.cfg.ACSURL:
		return reject(ErrWrongDestination, "the Response Destination is not "+c.cfg.ACSURL)
	case !equal(r.inResponseTo, c.req.ID):
		return reject(ErrInResponseTo, "the Response InResponseTo is missing or names another request")
	}
	return c.issued(r.issueInstant, "the Response")
}

func (c *checker) assertion(a *assertionData) error {
	switch {
	case a.issuer != c.issuer:
		return reject(ErrWrongIssuer, "the Assertion Issuer is not "+c.issuer)
	case !equal(a.subject.inResponseTo, c.req.ID):
		return reject(ErrInResponseTo, "the SubjectConfirmationData InResponseTo is missing or names another request")
	case !awsSignIn(a.subject.recipient):
		return c.wrongRecipient(a.subject.recipient)
	}
	if err := c.audience(a.audiences); err != nil {
		return err
	}
	if err := c.issued(a.issueInstant, "the Assertion"); err != nil {
		return err
	}
	return c.window(a)
}

// wrongRecipient says what the IdP administrator must set: the response is
// posted to our ACS, but the assertion is for STS, which accepts only the
// AWS sign-in endpoint as Recipient. IdPs that use one URL for Recipient
// and Destination put the ACS URL in both.
func (c *checker) wrongRecipient(recipient string) error {
	what := "is not the AWS sign-in endpoint"
	if recipient == c.cfg.ACSURL {
		what = "is this sign-in's ACS URL, not the AWS sign-in endpoint"
	}
	return reject(ErrWrongAudience, "the SubjectConfirmationData Recipient "+what+
		": the IdP must name "+awsSignInURL+" (or https://REGION.signin.aws.amazon.com/saml) as Recipient and Audience "+
		"while it posts the response to "+c.cfg.ACSURL+
		`; in Okta, untick "Use this for Recipient URL and Destination URL", then set Recipient URL to `+awsSignInURL+
		" and Destination URL to the ACS URL; an IdP that always names the ACS URL as Recipient cannot sign in through this ACS")
}

// audience requires at least one AudienceRestriction and that every one
// names an audience STS accepts (SAML-21: AND semantics).
func (c *checker) audience(restrictions [][]string) error {
	if len(restrictions) == 0 {
		return reject(ErrWrongAudience, "the assertion has no AudienceRestriction")
	}
	for _, auds := range restrictions {
		if !slices.ContainsFunc(auds, awsAudience) {
			return reject(ErrWrongAudience, "an AudienceRestriction names neither "+awsEntityID+" nor the AWS sign-in endpoint: "+
				"the IdP must set the Audience to "+awsEntityID+" or "+awsSignInURL)
		}
	}
	return nil
}

// issued bounds IssueInstant: not in the future beyond the skew and not
// older than MaxAge.
func (c *checker) issued(t time.Time, what string) error {
	if t.After(c.now.Add(c.cfg.ClockSkew)) {
		return reject(ErrNotYetValid, what+" was issued in the future")
	}
	if c.now.Sub(t) > c.cfg.MaxAge+c.cfg.ClockSkew {
		return reject(ErrExpired, what+" was issued too long ago")
	}
	return nil
}

// window checks Conditions, SubjectConfirmationData and the session bound,
// each with ClockSkew (SAML-24, 27).
func (c *checker) window(a *assertionData) error {
	skew := c.cfg.ClockSkew
	switch {
	case c.now.Add(skew).Before(a.notBefore):
		return reject(ErrNotYetValid, "the assertion's NotBefore is in the future")
	case !c.now.Add(-skew).Before(a.notOnOrAfter):
		return reject(ErrExpired, "the assertion's NotOnOrAfter has passed")
	case !c.now.Add(-skew).Before(a.subject.notOnOrAfter):
		return reject(ErrExpired, "the SubjectConfirmationData NotOnOrAfter has passed")
	case !a.sessionNotOnOrAfter.IsZero() && !c.now.Before(a.sessionNotOnOrAfter):
		return reject(ErrExpired, "the IdP session (SessionNotOnOrAfter) has ended")
	}
	return nil
}

func equal(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
