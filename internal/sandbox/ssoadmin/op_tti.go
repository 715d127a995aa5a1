package ssoadmin

type oidcJwtConfig struct {
	IssuerUrl                  string `json:"IssuerUrl"`
	ClaimAttributePath         string `json:"ClaimAttributePath"`
	IdentityStoreAttributePath string `json:"IdentityStoreAttributePath"`
	JwksRetrievalOption        string `json:"JwksRetrievalOption"`
}

type ttiConfig struct {
	OidcJwtConfiguration *oidcJwtConfig `json:"OidcJwtConfiguration,omitempty"`
}

type createTTIIn struct {
	InstanceArn                     string
	Name                            string
	TrustedTokenIssuerType          string
	TrustedTokenIssuerConfiguration *ttiConfig
	ClientToken                     string
	Tags                            []Tag
}

func (in createTTIIn) validate() error {
	var v validator
	v.arn("instanceArn", in.InstanceArn, true, reInstanceARN)
	v.str("name", in.Name, true, 1, 255, reName)
	v.enum("trustedTokenIssuerType", in.TrustedTokenIssuerType, true, "OIDC_JWT")
	v.str("clientToken", in.ClientToken, false, 1, 64, reClientToken)
	v.tags(in.Tags)
	switch cfg := in.TrustedTokenIssuerConfiguration; {
	case cfg == nil:
		v.add(nil, "trustedTokenIssuerConfiguration", "Member must not be null")
	case cfg.OidcJwtConfiguration == nil:
		v.add(nil, "trustedTokenIssuerConfiguration.oidcJwtConfiguration", "Member must not be null")
	default:
		validateOIDC(&v, *cfg.OidcJwtConfiguration)
	}
	return v.err()
}

func validateOIDC(v *validator, o oidcJwtConfig) {
	const p = "trustedTokenIssuerConfiguration.oidcJwtConfiguration."
	v.str(p+"issuerUrl", o.IssuerUrl, true, 1, 512, reIssuerURL)
	v.str(p+"claimAttributePath", o.ClaimAttributePath, true, 1, 255, reClaimPath)
	v.str(p+"identityStoreAttributePath", o.IdentityStoreAttributePath, true, 1, 255, reJMESPath)
	v.enum(p+"jwksRetrievalOption", o.JwksRetrievalOption, true, "OPEN_ID_DISCOVERY")
	if o.IdentityStoreAttributePath != "" && reJMESPath().MatchString(o.IdentityStoreAttributePath) {
		v.enum(p+"identityStoreAttributePath", o.IdentityStoreAttributePath, true, "userName", "emails.value", "externalId")
	}
}

func (in createTTIIn) resource() string { return in.InstanceArn }

func createTTI(c *call) (any, error) {
	var in createTTIIn
	if err := c.admit(&in); err != nil {
		return nil, err
	}
	o := in.TrustedTokenIssuerConfiguration.OidcJwtConfiguration
	arn, err := c.h.s.CreateTrustedTokenIssuer(in.InstanceArn, TrustedTokenIssuer{
		Name: in.Name, Type: in.TrustedTokenIssuerType, IssuerURL: o.IssuerUrl,
		ClaimAttributePath: o.ClaimAttributePath, IdentityStoreAttributePath: o.IdentityStoreAttributePath,
		JwksRetrievalOption: o.JwksRetrievalOption, Tags: in.Tags, ClientToken: in.ClientToken,
	})
	if err != nil {
		return nil, err
	}
	return struct{ TrustedTokenIssuerArn string }{arn}, nil
}

type ttiArnIn struct{ TrustedTokenIssuerArn string }

func (in ttiArnIn) validate() error {
	var v validator
	v.arn("trustedTokenIssuerArn", in.TrustedTokenIssuerArn, true, reTTIARN)
	return v.err()
}

func (in ttiArnIn) resource() string { return in.TrustedTokenIssuerArn }

func (c *call) ttiArn() (string, error) {
	var in ttiArnIn
	err := c.admit(&in)
	return in.TrustedTokenIssuerArn, err
}

func describeTTI(c *call) (any, error) {
	arn, err := c.ttiArn()
	if err != nil {
		return nil, err
	}
	t, ok := c.h.s.TrustedTokenIssuer(arn)
	if !ok {
		return nil, errTTINotFound(arn)
	}
	return struct {
		TrustedTokenIssuerArn           string
		Name                            string
		TrustedTokenIssuerType          string
		TrustedTokenIssuerConfiguration ttiConfig
	}{t.ARN, t.Name, t.Type, ttiConfig{&oidcJwtConfig{t.IssuerURL, t.ClaimAttributePath, t.IdentityStoreAttributePath, t.JwksRetrievalOption}}}, nil
}

type ttiMeta struct {
	TrustedTokenIssuerArn  string
	Name                   string
	TrustedTokenIssuerType string
}

func listTTIs(c *call) (any, error) {
	var in struct {
		listIn
		InstanceArn string
	}
	if err := c.decode(&in); err != nil {
		return nil, err
	}
	var v validator
	v.arn("instanceArn", in.InstanceArn, true, reInstanceARN)
	in.validate(&v)
	if err := v.err(); err != nil {
		return nil, err
	}
	if err := c.authorize(in.InstanceArn); err != nil {
		return nil, err
	}
	all, err := c.h.s.ListTrustedTokenIssuers(in.InstanceArn)
	if err != nil {
		return nil, err
	}
	out, next, err := pageOf(all, in.NextToken, in.max(), func(t TrustedTokenIssuer) ttiMeta { return ttiMeta{t.ARN, t.Name, t.Type} })
	if err != nil {
		return nil, err
	}
	return struct {
		TrustedTokenIssuers []ttiMeta
		NextToken           string `json:",omitempty"`
	}{out, next}, nil
}

func deleteTTI(c *call) (any, error) {
	arn, err := c.ttiArn()
	if err != nil {
		return nil, err
	}
	return empty{}, c.h.s.DeleteTrustedTokenIssuer(arn)
}
