package samlauth

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/qbiz/qbiz/internal/sandbox/samlidp"
)

func TestSAML21_AudienceRejected(t *testing.T) {
	aud := func(r *etree.Element) *etree.Element { return find(assertionOf(r), "Conditions/AudienceRestriction") }
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"wrong audience", resigned(func(r *etree.Element) { find(aud(r), "Audience").SetText("urn:evil") }), ErrWrongAudience},
		{"our ACS as audience", resigned(func(r *etree.Element) { find(aud(r), "Audience").SetText(testACS) }), ErrWrongAudience},
		{"no AudienceRestriction", resigned(func(r *etree.Element) {
			c := find(assertionOf(r), "Conditions")
			c.RemoveChild(aud(r))
		}), ErrWrongAudience},
		{"second restriction without us", resigned(func(r *etree.Element) {
			c := find(assertionOf(r), "Conditions")
			c.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText("urn:evil")
		}), ErrWrongAudience},
		{"two audiences in one restriction is OR", resigned(func(r *etree.Element) {
			aud(r).CreateElement("saml:Audience").SetText("urn:other")
		}), nil},
	})
}

func TestSAML22_RecipientRejected(t *testing.T) {
	scd := func(r *etree.Element) *etree.Element {
		return find(assertionOf(r), "Subject/SubjectConfirmation/SubjectConfirmationData")
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"recipient is our ACS", resigned(func(r *etree.Element) { scd(r).CreateAttr("Recipient", testACS) }), ErrWrongAudience},
		{"recipient missing", resigned(func(r *etree.Element) { scd(r).RemoveAttr("Recipient") }), ErrWrongAudience},
		{"second, bad SubjectConfirmation", resigned(func(r *etree.Element) {
			s := find(assertionOf(r), "Subject")
			bad := find(s, "SubjectConfirmation").Copy()
			find(bad, "SubjectConfirmationData").CreateAttr("Recipient", "urn:evil")
			s.AddChild(bad)
		}), ErrMalformed},
	})
}

func TestSAML23_DestinationRejected(t *testing.T) {
	runCases(t, samlidp.SignBoth, []rejectCase{
		{"twin", func(t *testing.T, x string) string { return resign(t, trustedSigner(t), x, true, noop) }, nil},
		{"missing destination", func(t *testing.T, x string) string {
			return resign(t, trustedSigner(t), x, true, func(r *etree.Element) { r.RemoveAttr("Destination") })
		}, ErrWrongDestination},
		{"other endpoint", func(t *testing.T, x string) string {
			return resign(t, trustedSigner(t), x, true, func(r *etree.Element) {
				r.CreateAttr("Destination", "http://127.0.0.1:4712/saml/acs")
			})
		}, ErrWrongDestination},
	})
	t.Run("genuine response for another ACS", func(t *testing.T) {
		f := newFixture(t, samlidp.SignAssertion)
		other := f.cfg
		other.ACSURL = "http://127.0.0.1:4799/saml/acs"
		otherSP := f.newSP(other)
		req, err := otherSP.Begin()
		if err != nil {
			t.Fatal(err)
		}
		acs, form := browse(t, req.URL, "mary", "pw-mary")
		if acs != other.ACSURL {
			t.Fatalf("posted to %s", acs)
		}
		// The attacker replays it at our SP, for our request with the same ID and RelayState.
		wantReject(t, f.sp, req, form, ErrWrongDestination)
		wantAccept(t, otherSP, req, form, marySubject(t))
	})
}

// TestSAML24_ValidityWindow moves the SP clock against the IdP's: the
// assertion is valid [t0, t0+5m) with 1 minute of skew.
func TestSAML24_ValidityWindow(t *testing.T) {
	skew := DefaultClockSkew
	cases := []struct {
		name string
		sp   time.Time
		kind error
	}{
		{"inside NotBefore skew", t0.Add(-skew + time.Second), nil},
		{"before NotBefore beyond skew", t0.Add(-skew - time.Second), ErrNotYetValid},
		{"inside NotOnOrAfter skew", t0.Add(5*time.Minute + skew - time.Second), nil},
		{"after NotOnOrAfter beyond skew", t0.Add(5*time.Minute + skew + time.Second), ErrExpired},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, samlidp.SignAssertion, func(c *Config) { c.MaxAge = time.Hour })
			req, form, _ := f.genuine("mary")
			f.setClocks(t0, tc.sp)
			if tc.kind == nil {
				wantAccept(t, f.sp, req, form, marySubject(t))
				return
			}
			wantReject(t, f.sp, req, form, tc.kind)
		})
	}
	scd := func(r *etree.Element) *etree.Element {
		return find(assertionOf(r), "Subject/SubjectConfirmation/SubjectConfirmationData")
	}
	runCases(t, samlidp.SignAssertion, []rejectCase{
		{"twin", resigned(noop), nil},
		{"SubjectConfirmationData NotOnOrAfter passed", resigned(func(r *etree.Element) {
			scd(r).CreateAttr("NotOnOrAfter", "2026-03-04T09:58:00Z")
		}), ErrExpired},
		{"SubjectConfirmationData NotOnOrAfter missing", resigned(func(r *etree.Element) { scd(r).RemoveAttr("NotOnOrAfter") }), ErrMalformed},
		{"old IssueInstant", resigned(func(r *etree.Element) { assertionOf(r).CreateAttr("IssueInstant", "2026-03-04T09:50:00Z") }), ErrExpired},
		{"future IssueInstant", resigned(func(r *etree.Element) { assertionOf(r).CreateAttr("IssueInstant", "2026-03-04T10:05:00Z") }), ErrNotYetValid},
		{"Conditions without NotOnOrAfter", resigned(func(r *etree.Element) { find(assertionOf(r), "Conditions").RemoveAttr("NotOnOrAfter") }), ErrMalformed},
		// Each time below is moved alone; the others stay valid.
		{"Conditions NotOnOrAfter passed, inside skew", resigned(func(r *etree.Element) {
			find(assertionOf(r), "Conditions").CreateAttr("NotOnOrAfter", "2026-03-04T09:59:01Z")
		}), nil},
		{"Conditions NotOnOrAfter passed beyond skew", resigned(func(r *etree.Element) {
			find(assertionOf(r), "Conditions").CreateAttr("NotOnOrAfter", "2026-03-04T09:58:59Z")
		}), ErrExpired},
		{"Conditions NotBefore ahead, inside skew", resigned(func(r *etree.Element) {
			find(assertionOf(r), "Conditions").CreateAttr("NotBefore", "2026-03-04T10:00:59Z")
		}), nil},
		{"Conditions NotBefore ahead beyond skew", resigned(func(r *etree.Element) {
			find(assertionOf(r), "Conditions").CreateAttr("NotBefore", "2026-03-04T10:01:01Z")
		}), ErrNotYetValid},
		{"old Response IssueInstant", raw(func(s string) string {
			return setRootAttr(s, "IssueInstant", "2026-03-04T09:50:00Z")
		}), ErrExpired},
		{"future Response IssueInstant", raw(func(s string) string {
			return setRootAttr(s, "IssueInstant", "2026-03-04T10:05:00Z")
		}), ErrNotYetValid},
	})
	t.Run("request older than RequestTTL", func(t *testing.T) {
		f := newFixture(t, samlidp.SignAssertion)
		req, form, _ := f.genuine("mary")
		req.CreatedAt = t0.Add(-DefaultRequestTTL - time.Second)
		wantReject(t, f.sp, req, form, ErrExpired)
	})
}

func TestSAML25_InResponseToRejected(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	t.Run("twin", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		wantAccept(t, f.sp, req, form, marySubject(t))
	})
	t.Run("response for another browser's request", func(t *testing.T) {
		_, form, _ := f.genuine("mary")
		mine := f.begin()
		mine.RelayState = form.Get("RelayState") // the attacker also knows the RelayState
		wantReject(t, f.sp, mine, form, ErrInResponseTo)
	})
	t.Run("no request in progress", func(t *testing.T) {
		_, form, _ := f.genuine("mary")
		wantReject(t, f.sp, nil, form, ErrInResponseTo)
	})
	t.Run("IdP-initiated (no InResponseTo)", func(t *testing.T) {
		cfg := f.cfg
		cfg.ACSURL = "http://127.0.0.1/saml/acs" // where IdP-initiated responses go
		sp := f.newSP(cfg)
		req, err := sp.Begin()
		if err != nil {
			t.Fatal(err)
		}
		page := httpGet(t, f.idp.SSOURL()+"?sp="+spEntityID+"&RelayState="+req.RelayState)
		fields := hiddenFields(page)
		fields.Set("username", "mary")
		fields.Set("password", "pw-mary")
		post := httpPost(t, f.srv.URL+formAction(t, page), fields)
		form := hiddenFields(post)
		// The IdP posts to its registered ACS; the SP sees a response without InResponseTo.
		wantReject(t, sp, req, form, ErrInResponseTo)
	})
	t.Run("InResponseTo only on the SubjectConfirmationData", func(t *testing.T) {
		req, form, xml := f.genuine("mary")
		wantReject(t, f.sp, req, withXML(form, setRootAttr(xml, "InResponseTo", "_other")), ErrInResponseTo)
	})
	t.Run("InResponseTo only on the Response", func(t *testing.T) {
		req, form, xml := f.genuine("mary")
		forged := resign(t, trustedSigner(t), xml, false, func(r *etree.Element) {
			find(assertionOf(r), "Subject/SubjectConfirmation/SubjectConfirmationData").RemoveAttr("InResponseTo")
		})
		wantReject(t, f.sp, req, withXML(form, forged), ErrInResponseTo)
	})
}

func TestSAML26_ReplayRejected(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	t.Run("sequential", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		wantAccept(t, f.sp, req, form, marySubject(t))
		wantReject(t, f.sp, req, form, ErrReplay)
	})
	t.Run("concurrent, exactly one success", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, replays := 0, 0
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.sp.Complete(req, form)
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else if errors.Is(err, ErrReplay) {
					replays++
				}
			}()
		}
		wg.Wait()
		if ok != 1 || replays != 15 {
			t.Fatalf("successes %d, replays %d", ok, replays)
		}
	})
	t.Run("two replicas sharing a cache", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		replica := f.newSP(f.cfg)
		wantAccept(t, replica, req, form, marySubject(t))
		wantReject(t, f.sp, req, form, ErrReplay)
	})
	// Each key alone marks a replay: the cache already holds only the
	// assertion ID, only the Response ID, or only the request ID.
	for _, kind := range []string{"assertion", "response", "request"} {
		t.Run(kind+" ID seen before", func(t *testing.T) {
			req, form, xml := f.genuine("mary")
			root := parseDoc(t, xml).Root()
			id := map[string]string{"assertion": attr(assertionOf(root), "ID"), "response": attr(root, "ID"), "request": req.ID}[kind]
			f.cfg.Replay.Seen("saml\x00"+f.idp.EntityID()+"\x00"+kind+":"+id, t0.Add(time.Hour))
			wantReject(t, f.sp, req, form, ErrReplay)
		})
	}
	t.Run("request completes once", func(t *testing.T) {
		req, form, _ := f.genuine("mary")
		wantAccept(t, f.sp, req, form, marySubject(t))
		second := f.signIn(req, "mary") // a fresh assertion for the same request
		wantReject(t, f.sp, req, second, ErrReplay)
	})
}

func TestSAML27_IssuerStatusMethodSessionRejected(t *testing.T) {
	runCases(t, samlidp.SignBoth, []rejectCase{
		{"twin", func(t *testing.T, x string) string { return resign(t, trustedSigner(t), x, true, noop) }, nil},
		{"assertion issuer differs", bothSigned(func(r *etree.Element) { find(assertionOf(r), "Issuer").SetText("urn:evil") }), ErrWrongIssuer},
		{"response issuer differs", bothSigned(func(r *etree.Element) { find(r, "Issuer").SetText("urn:evil") }), ErrWrongIssuer},
		{"issuer format not entity", bothSigned(func(r *etree.Element) {
			find(assertionOf(r), "Issuer").CreateAttr("Format", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
		}), ErrWrongIssuer},
		{"status not success", bothSigned(func(r *etree.Element) {
			find(r, "Status/StatusCode").CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder")
		}), ErrStatus},
		{"method not bearer", bothSigned(func(r *etree.Element) {
			find(assertionOf(r), "Subject/SubjectConfirmation").CreateAttr("Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")
		}), ErrMalformed},
		{"no AuthnStatement", bothSigned(func(r *etree.Element) {
			a := assertionOf(r)
			a.RemoveChild(a.SelectElement("AuthnStatement"))
		}), ErrMalformed},
		{"SessionNotOnOrAfter passed", bothSigned(func(r *etree.Element) {
			find(assertionOf(r), "AuthnStatement").CreateAttr("SessionNotOnOrAfter", "2026-03-04T10:00:00Z")
		}), ErrExpired},
		{"no Role attribute", bothSigned(func(r *etree.Element) {
			st := find(assertionOf(r), "AttributeStatement")
			for _, a := range st.SelectElements("Attribute") {
				if a.SelectAttrValue("Name", "") == attrRole {
					st.RemoveChild(a)
				}
			}
		}), ErrNoRole},
	})
	t.Run("metadata of another entity with the same key", func(t *testing.T) {
		f := newFixture(t, samlidp.SignAssertion)
		cfg := f.cfg
		cfg.IdPMetadata = []byte(strings.Replace(string(cfg.IdPMetadata), `entityID="`+f.idp.EntityID()+`"`, `entityID="urn:other-idp"`, 1))
		sp := f.newSP(cfg)
		req, err := sp.Begin()
		if err != nil {
			t.Fatal(err)
		}
		_, form := browse(t, req.URL, "mary", "pw-mary")
		wantReject(t, sp, req, form, ErrWrongIssuer)
	})
	t.Run("error response from the IdP", func(t *testing.T) {
		f := newFixture(t, samlidp.SignBoth)
		req, form, xml := f.genuine("mary")
		failed := resign(t, trustedSigner(t), xml, true, func(r *etree.Element) {
			find(r, "Status/StatusCode").CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Requester")
		})
		failed = edit(t, failed, func(r *etree.Element) { r.RemoveChild(assertionOf(r)) })
		_, err := f.sp.Complete(req, withXML(form, failed))
		if !errors.Is(err, ErrStatus) || !strings.Contains(err.Error(), "Requester") {
			t.Fatalf("err = %v", err)
		}
	})
}

func bothSigned(fn func(*etree.Element)) mutation {
	return func(t *testing.T, x string) string { return resign(t, trustedSigner(t), x, true, fn) }
}

func TestSAML28_RelayStateAndMetadataRejected(t *testing.T) {
	f := newFixture(t, samlidp.SignAssertion)
	for _, relay := range []string{"", "javascript:alert(1)", "https://evil.example/", "<b>x</b>"} {
		t.Run("relay "+relay, func(t *testing.T) {
			req, form, _ := f.genuine("mary")
			form.Set("RelayState", relay)
			wantReject(t, f.sp, req, form, ErrRelayState)
		})
	}
	for name, loc := range map[string]string{
		"javascript location": "javascript:alert(1)", "relative location": "/sso", "user info": "https://u:p@idp.example/sso",
	} {
		t.Run("metadata "+name, func(t *testing.T) {
			cfg := f.cfg
			cfg.IdPMetadata = []byte(strings.ReplaceAll(string(cfg.IdPMetadata), `Location="`+f.idp.SSOURL()+`"`, `Location="`+loc+`"`))
			if _, err := NewServiceProvider(cfg); !errors.Is(err, ErrMetadata) {
				t.Fatalf("err = %v, want ErrMetadata", err)
			}
		})
	}
}
