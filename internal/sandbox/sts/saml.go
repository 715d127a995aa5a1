package sts

import (
	"crypto/sha1"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/qbiz/qbiz/internal/sandbox/awsauth"
	"github.com/qbiz/qbiz/internal/sandbox/iam"
	"github.com/qbiz/qbiz/internal/sandbox/lazyre"
	"github.com/qbiz/qbiz/internal/sandbox/wire"
)

const (
	attrPrefix    = "https://aws.amazon.com/SAML/Attributes/"
	samlRecipient = "https://signin.aws.amazon.com/saml"
	// samlAWSEntityID is the entityID of AWS's SP metadata, which IdPs that
	// import it (ADFS, Okta's AWS app) send as the Audience.
	samlAWSEntityID = "urn:amazon:webservices"
	nameIDFormatPfx = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
)

var (
	samlProviderRE = lazyre.New(`^arn:aws:iam::(\d{12}):saml-provider/[\w._-]{1,128}$`)
	samlSessionRE  = lazyre.New(`^[a-zA-Z_0-9+=,.@-]{2,64}$`)
	regionalSignin = lazyre.New(`^https://[a-z0-9-]+\.signin\.aws\.amazon\.com/saml$`)
	errSAMLDenied  = wire.Errorf(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML")
	errSAMLExpired = wire.Errorf(400, "ExpiredTokenException", "Response has expired")
)

// samlIdentity is what a verified SAML assertion says.
type samlIdentity struct {
	issuer, subject, subjectType, recipient string
	sessionName, sourceIdentity             string
	roles                                   [][2]string
	sessionEnd                              time.Time
	maxDuration                             time.Duration
	tags                                    sessionTags
	// sessionPolicy is the request's Policy parameter, not the assertion's.
	sessionPolicy string
}

func awsRecipient(u string) bool { return u == samlRecipient || regionalSignin().MatchString(u) }

func awsAudience(u string) bool { return u == samlAWSEntityID || awsRecipient(u) }

// issuerNotPresent nests the error of AWS's SAML service, with that
// service's own request ID, in the message, as AWS does.
func issuerNotPresent() *wire.Error {
	return invalidToken("Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; "+
		"Error Code: AuthSamlInvalidSamlResponseException; Request ID: %s; Proxy: null)", wire.NewRequestID())
}

func (h *handler) assumeRoleWithSAML(_ *http.Request, c *call) (any, *wire.Error) {
	roleARN, werr := c.roleARN()
	if werr != nil {
		return nil, werr
	}
	principalARN, werr := c.required("PrincipalArn", "principalArn", 20, 2048)
	if werr != nil {
		return nil, werr
	}
	if !samlProviderRE().MatchString(principalARN) {
		return nil, wire.ValidationError("Principal ARN is invalid")
	}
	if samlProviderRE().FindStringSubmatch(principalARN)[1] != roleARNRE().FindStringSubmatch(roleARN)[1] {
		return nil, wire.ValidationError("Principal exists outside the account of the Role being assumed.")
	}
	assertion, werr := c.required("SAMLAssertion", "sAMLAssertion", 4, 100000)
	if werr != nil {
		return nil, werr
	}
	d, explicit, werr := c.duration()
	if werr != nil {
		return nil, werr
	}
	sessionPolicy, werr := c.sessionPolicy()
	if werr != nil {
		return nil, werr
	}
	provider, ok := h.opt.IAM.SAMLProvider(principalARN)
	if !ok {
		return nil, invalidToken("Specified provider doesn't exist.")
	}
	id, werr := h.verifySAML(assertion, provider)
	if werr != nil {
		return nil, werr
	}
	id.sessionPolicy = sessionPolicy
	return h.samlSession(roleARN, provider, id, d, explicit)
}

func (h *handler) samlSession(roleARN string, provider iam.SAMLProvider, id samlIdentity, d time.Duration, explicit bool) (any, *wire.Error) {
	role, ok := h.opt.IAM.Role(roleARN)
	if !ok || !id.hasRole(roleARN, provider.ARN) || !h.opt.IAM.EvaluateTrust(role, id.trustRequest(provider, h.opt.Account)) {
		return nil, errSAMLDenied
	}
	d, werr := capDuration(d, explicit, role)
	if werr != nil {
		return nil, werr
	}
	d = id.capSession(d, h.now())
	p := h.sessionPrincipal(role, id.sessionName)
	p.Tags, p.TransitiveTagKeys, p.SourceIdentity = id.tags.tags, id.tags.transitive, id.sourceIdentity
	p.SessionPolicy = id.sessionPolicy
	p.Federation = &awsauth.Federation{Kind: "saml", ProviderARN: provider.ARN, Issuer: id.issuer, Subject: id.subject, Audience: id.recipient}
	s, werr := h.mint(p, p.Tags, d)
	if werr != nil {
		return nil, werr
	}
	return struct {
		Credentials      xmlCredentials
		AssumedRoleUser  xmlAssumedRoleUser
		PackedPolicySize *int `xml:",omitempty"`
		Subject          string
		SubjectType      string
		Issuer           string
		Audience         string
		NameQualifier    string
		SourceIdentity   string `xml:",omitempty"`
	}{s.creds, s.user, s.packed, id.subject, id.subjectType, id.issuer, id.recipient,
		nameQualifier(id.issuer, h.opt.Account, provider.Name), id.sourceIdentity}, nil
}

func nameQualifier(issuer, account, provider string) string {
	sum := sha1.Sum([]byte(issuer + account + "/" + provider))
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (id samlIdentity) hasRole(roleARN, providerARN string) bool {
	for _, pair := range id.roles {
		if pair[0] == roleARN && pair[1] == providerARN {
			return true
		}
	}
	return false
}

func (id samlIdentity) capSession(d time.Duration, now time.Time) time.Duration {
	if id.maxDuration > 0 && id.maxDuration < d {
		d = id.maxDuration
	}
	if !id.sessionEnd.IsZero() && id.sessionEnd.Sub(now) < d {
		d = id.sessionEnd.Sub(now)
	}
	return d
}

func (id samlIdentity) trustRequest(provider iam.SAMLProvider, account string) iam.TrustRequest {
	keys := map[string][]string{
		"SAML:aud":              {id.recipient},
		"SAML:sub":              {id.subject},
		"SAML:sub_type":         {id.subjectType},
		"SAML:iss":              {id.issuer},
		"SAML:doc":              {account + "/" + provider.Name},
		"SAML:namequalifier":    {nameQualifier(id.issuer, account, provider.Name)},
		"aws:FederatedProvider": {provider.ARN},
	}
	actions := []string{"sts:AssumeRoleWithSAML"}
	if len(id.tags.tags) > 0 {
		actions = append(actions, "sts:TagSession")
		id.tags.addConditionKeys(keys)
	}
	if id.sourceIdentity != "" {
		actions = append(actions, "sts:SetSourceIdentity")
		keys["sts:SourceIdentity"] = []string{id.sourceIdentity}
	}
	return iam.TrustRequest{Principal: provider.ARN, Actions: actions, ConditionKeys: keys}
}

// verifySAML checks the response and returns the verified assertion's facts.
func (h *handler) verifySAML(b64 string, provider iam.SAMLProvider) (samlIdentity, *wire.Error) {
	doc, werr := decodeSAML(b64)
	if werr != nil {
		return samlIdentity{}, werr
	}
	root := doc.Root()
	if !isEl(root, nsProtocol, "Response") || countElements(root, "EncryptedAssertion") > 0 {
		return samlIdentity{}, errBadSAML
	}
	if countElements(root, "Assertion") != 1 || child(root, nsAssertion, "Assertion") == nil {
		return samlIdentity{}, errBadSAML
	}
	entityID, certs, err := iam.ParseMetadata(provider.Metadata)
	if err != nil {
		return samlIdentity{}, errSAMLSig
	}
	assertion, werr := h.verifiedAssertion(root, certs)
	if werr != nil {
		return samlIdentity{}, werr
	}
	if werr := checkIssuers(root, assertion, entityID); werr != nil {
		return samlIdentity{}, werr
	}
	return h.readAssertion(root, assertion)
}

// verifiedAssertion validates the Response's or the Assertion's enveloped
// signature and returns the assertion taken from the verified element.
func (h *handler) verifiedAssertion(root *etree.Element, certs []*x509.Certificate) (*etree.Element, *wire.Error) {
	vctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: certs})
	vctx.Clock = dsig.NewFakeClockAt(h.now())
	if child(root, nsDsig, "Signature") != nil {
		verified, err := vctx.Validate(root)
		if err != nil {
			return nil, errSAMLSig
		}
		a := child(verified, nsAssertion, "Assertion")
		if a == nil || countElements(verified, "Assertion") != 1 {
			return nil, errBadSAML
		}
		return a, nil
	}
	a := child(root, nsAssertion, "Assertion")
	if child(a, nsDsig, "Signature") == nil {
		return nil, errSAMLSig
	}
	verified, err := vctx.Validate(a)
	if err != nil || !isEl(verified, nsAssertion, "Assertion") {
		return nil, errSAMLSig
	}
	return verified, nil
}

func checkIssuers(root, assertion *etree.Element, entityID string) *wire.Error {
	iss := child(assertion, nsAssertion, "Issuer")
	if iss == nil || strings.TrimSpace(iss.Text()) != entityID {
		return issuerNotPresent()
	}
	if ri := child(root, nsAssertion, "Issuer"); ri != nil && strings.TrimSpace(ri.Text()) != entityID {
		return issuerNotPresent()
	}
	return nil
}

func (h *handler) readAssertion(root, a *etree.Element) (samlIdentity, *wire.Error) {
	now := h.now()
	var id samlIdentity
	id.issuer = strings.TrimSpace(child(a, nsAssertion, "Issuer").Text())
	if werr := readSubject(a, now, &id); werr != nil {
		return samlIdentity{}, werr
	}
	// The Response's Destination names where the IdP delivered it (the
	// relying party's ACS, which relays it here); STS checks the
	// assertion's Recipient and Audience instead.
	if werr := checkConditions(a, now); werr != nil {
		return samlIdentity{}, werr
	}
	if issued, err := time.Parse(time.RFC3339, a.SelectAttrValue("IssueInstant", "")); err != nil {
		return samlIdentity{}, errBadSAML
	} else if now.Sub(issued) > 5*time.Minute {
		return samlIdentity{}, wire.Errorf(400, "ExpiredTokenException", "Token must be redeemed within 5 minutes of issuance")
	}
	if authn := child(a, nsAssertion, "AuthnStatement"); authn != nil {
		if v := authn.SelectAttrValue("SessionNotOnOrAfter", ""); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return samlIdentity{}, errBadSAML
			}
			if !now.Before(t) {
				return samlIdentity{}, errSAMLExpired
			}
			id.sessionEnd = t
		}
	}
	return id, readAttributes(attributes(a), &id)
}

func readSubject(a *etree.Element, now time.Time, id *samlIdentity) *wire.Error {
	subj := child(a, nsAssertion, "Subject")
	if subj == nil {
		return errSAMLDenied
	}
	nameID := child(subj, nsAssertion, "NameID")
	if nameID == nil || strings.TrimSpace(nameID.Text()) == "" {
		return errSAMLDenied
	}
	id.subject = strings.TrimSpace(nameID.Text())
	format := nameID.SelectAttrValue("Format", nameIDFormatPfx+"unspecified")
	id.subjectType = strings.TrimPrefix(format, nameIDFormatPfx)
	confs := children(subj, nsAssertion, "SubjectConfirmation")
	if len(confs) != 1 || confs[0].SelectAttrValue("Method", "") != "urn:oasis:names:tc:SAML:2.0:cm:bearer" {
		return errSAMLAudience
	}
	data := child(confs[0], nsAssertion, "SubjectConfirmationData")
	if data == nil || !awsRecipient(data.SelectAttrValue("Recipient", "")) {
		return errSAMLAudience
	}
	id.recipient = data.SelectAttrValue("Recipient", "")
	end, err := time.Parse(time.RFC3339, data.SelectAttrValue("NotOnOrAfter", ""))
	if err != nil {
		return errBadSAML
	}
	if !now.Before(end) {
		return errSAMLExpired
	}
	return nil
}

func checkConditions(a *etree.Element, now time.Time) *wire.Error {
	cond := child(a, nsAssertion, "Conditions")
	if cond == nil {
		return errSAMLAudience
	}
	if v := cond.SelectAttrValue("NotBefore", ""); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil || t.After(now.Add(5*time.Minute)) {
			return invalidToken("Response is not yet valid")
		}
	}
	if v := cond.SelectAttrValue("NotOnOrAfter", ""); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return errBadSAML
		}
		if !now.Before(t) {
			return errSAMLExpired
		}
	}
	for _, ar := range children(cond, nsAssertion, "AudienceRestriction") {
		for _, aud := range children(ar, nsAssertion, "Audience") {
			if awsAudience(strings.TrimSpace(aud.Text())) {
				return nil
			}
		}
	}
	return errSAMLAudience
}

func readAttributes(attrs map[string][]string, id *samlIdentity) *wire.Error {
	names := attrs[attrPrefix+"RoleSessionName"]
	if len(names) == 0 {
		return invalidToken("RoleSessionName is required in AuthnResponse")
	}
	if len(names) != 1 || !samlSessionRE().MatchString(names[0]) {
		return invalidToken("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}")
	}
	id.sessionName = names[0]
	for _, v := range attrs[attrPrefix+"Role"] {
		a, b, ok := strings.Cut(v, ",")
		if !ok {
			continue
		}
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if strings.Contains(a, ":saml-provider/") {
			a, b = b, a
		}
		id.roles = append(id.roles, [2]string{a, b})
	}
	if v := attrs[attrPrefix+"SessionDuration"]; len(v) > 0 {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 900 || n > 43200 {
			return invalidToken("SessionDuration in AuthnResponse must be an integer between 900 and 43200")
		}
		id.maxDuration = time.Duration(n) * time.Second
	}
	if v := attrs[attrPrefix+"SourceIdentity"]; len(v) > 0 {
		if len(v) != 1 || !samlSessionRE().MatchString(v[0]) || strings.HasPrefix(strings.ToLower(v[0]), "aws:") {
			return invalidToken("Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with \"aws:\"")
		}
		id.sourceIdentity = v[0]
	}
	return readTagAttributes(attrs, id)
}

func readTagAttributes(attrs map[string][]string, id *samlIdentity) *wire.Error {
	var kv [][2]string
	for name, vals := range attrs {
		k, ok := strings.CutPrefix(name, attrPrefix+"PrincipalTag:")
		if !ok {
			continue
		}
		if len(vals) != 1 {
			return invalidToken("PrincipalTag attributes must have exactly one value")
		}
		kv = append(kv, [2]string{k, vals[0]})
	}
	t, msg := buildTags(kv, attrs[attrPrefix+"TransitiveTagKeys"])
	if msg != "" {
		return invalidToken("%s", msg)
	}
	id.tags = t
	return nil
}
